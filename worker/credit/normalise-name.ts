// Words that mean the same in a business name. "&" is turned into "and" before punctuation goes.
const SAME_WORD: Readonly<Record<string, string>> = { limited: "ltd" };

/**
 * A business name reduced to what identifies it: case, accents, whitespace and punctuation
 * dropped, "&" read as "and", "Limited" read as "Ltd". Lower-casing first changes nothing
 * (`normaliseName(x.trim().toLowerCase()) === normaliseName(x)`): the KV index files a
 * reference's code and name keys in one bucket by relying on it (worker/sync/buckets.ts). "A.B. Haulage & Sons Limited" and
 * "ab haulage and sons ltd" both become "abhaulageandsonsltd". Empty when nothing is left.
 */
export function normaliseName(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    // Final sigma depends on what follows it (and NFKD can change that): σ either way.
    .replaceAll("ς", "σ")
    .replaceAll("&", " and ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
  return words.map((word) => SAME_WORD[word] ?? word).join("");
}
