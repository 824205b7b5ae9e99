// Words that mean the same in a business name. "&" is turned into "and" before punctuation goes.
const SAME_WORD: Readonly<Record<string, string>> = { limited: "ltd" };

/**
 * A business name reduced to what identifies it: case, accents, whitespace and punctuation
 * dropped, "&" read as "and", "Limited" read as "Ltd". "A.B. Haulage & Sons Limited" and
 * "ab haulage and sons ltd" both become "abhaulageandsonsltd". Empty when nothing is left.
 */
export function normaliseName(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replaceAll("&", " and ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
  return words.map((word) => SAME_WORD[word] ?? word).join("");
}
