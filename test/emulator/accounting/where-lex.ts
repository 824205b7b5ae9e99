// Tokeniser for Xero's `where` expressions (see where.ts).

import { queryParseError } from "./errors.ts";

/** One token: identifier, string literal, number, operator, punctuation, or end of input. */
export interface Token {
  t: "id" | "str" | "num" | "op" | "punct" | "end";
  v: string;
}

const OPS = ["==", "!=", "<>", "<=", ">=", "&&", "||", "=", "<", ">", "!"];

/** Splits a `where` expression into tokens; an unterminated string or stray character is a syntax error. */
export function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let s = "";
      i++;
      for (;;) {
        if (i >= src.length) throw queryParseError("Unterminated string literal");
        const c = src.charAt(i);
        // Xero (Dynamic LINQ) writes a literal quote inside a string as two quotes.
        if (c === '"' && src.charAt(i + 1) === '"') {
          s += '"';
          i += 2;
          continue;
        }
        if (c === '"') {
          i++;
          break;
        }
        s += c;
        i++;
      }
      out.push({ t: "str", v: s });
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (ch !== "-" || isOperandStart(out))) {
      out.push({ t: "num", v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: "id", v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: "op", v: op });
      i += op.length;
      continue;
    }
    if ("().,".includes(ch)) {
      out.push({ t: "punct", v: ch });
      i++;
      continue;
    }
    throw queryParseError(`Syntax error '${ch}'`);
  }
  return out;
}

function isOperandStart(prev: Token[]): boolean {
  const last = prev[prev.length - 1];
  return !last || last.t === "op" || (last.t === "punct" && last.v !== ")");
}
