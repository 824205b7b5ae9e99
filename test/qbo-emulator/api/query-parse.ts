// The subset of Intuit's query language the product sends, parsed strictly:
//   SELECT * | COUNT(*) FROM <Entity> [WHERE <cond> [AND <cond>]…] [ORDERBY <f> [ASC|DESC][, …]]
//   [STARTPOSITION n] [MAXRESULTS n]
//   <cond> = <field> (= | < | > | <= | >=) <literal> | <field> IN (<literal>, …) | <field> LIKE '<pattern>'
// Keywords are case-insensitive; there is no OR, no "ORDER BY", no projection list, no != (Intuit
// has no OR either). Anything else is a QueryParserError (4000); a well-formed query Intuit would
// refuse (MAXRESULTS over 1000, STARTPOSITION 0) is a QueryValidationError (4001).
// @see https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/data-queries

/** A literal in a condition. */
export type Literal = string | number | boolean;

/** One WHERE condition. */
export interface Condition {
  field: string;
  op: "=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE";
  value: Literal | Literal[];
}

/** A parsed query. */
export interface Query {
  count: boolean;
  entity: string;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  startPosition: number;
  maxResults: number;
}

/** The query is outside the grammar (4000). */
export class QueryParserError extends Error {}
/** Well-formed but refused (4001). */
export class QueryValidationError extends Error {}

type Tok =
  | { t: "word"; v: string; at: number }
  | { t: "str"; v: string; at: number }
  | { t: "num"; v: number; raw: string; at: number }
  | { t: "sym"; v: string; at: number };

/** Largest page Intuit returns. */
export const MAX_RESULTS_LIMIT = 1000;
/** MAXRESULTS when the query has none. */
export const DEFAULT_MAX_RESULTS = 100;

function lex(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i + 1;
    if (ch === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= q.length)
          throw new QueryParserError(`Lexical error at line 1, column ${at}. Unterminated string.`);
        const c = q.charAt(i);
        if (c === "\\" && q.charAt(i + 1) === "'") {
          v += "'";
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          v += c;
          i++;
        }
      }
      out.push({ t: "str", v, at });
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(q.slice(i));
    if (num) {
      out.push({ t: "num", v: Number(num[0]), raw: num[0], at });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
    if (word) {
      out.push({ t: "word", v: word[0], at });
      i += word[0].length;
      continue;
    }
    const sym = /^(<=|>=|[*(),=<>])/.exec(q.slice(i));
    if (sym) {
      out.push({ t: "sym", v: sym[0], at });
      i += sym[0].length;
      continue;
    }
    throw new QueryParserError(`Lexical error at line 1, column ${at}. Encountered: "${ch}"`);
  }
  return out;
}

const KEYWORDS = new Set([
  "SELECT",
  "FROM",
  "WHERE",
  "AND",
  "ORDERBY",
  "ASC",
  "DESC",
  "STARTPOSITION",
  "MAXRESULTS",
  "COUNT",
  "IN",
  "LIKE",
]);

/** Parses a query string; throws QueryParserError / QueryValidationError. */
export function parseQuery(text: string): Query {
  const toks = lex(text);
  let p = 0;
  const peek = () => toks[p];
  const describe = (t: Tok | undefined) =>
    t ? `"${"raw" in t ? t.raw : t.v}" at line 1, column ${t.at}` : "<EOF>";
  const fail = (want: string): never => {
    throw new QueryParserError(`Encountered ${describe(peek())}. Was expecting: ${want}`);
  };
  const isKw = (t: Tok | undefined, kw: string) => t?.t === "word" && t.v.toUpperCase() === kw;
  const kw = (k: string) => {
    if (!isKw(peek(), k)) fail(k);
    p++;
  };
  const sym = (s: string) => {
    const t = peek();
    if (t?.t !== "sym" || t.v !== s) fail(`"${s}"`);
    p++;
  };
  const ident = (): string => {
    const t = peek();
    if (t?.t !== "word" || KEYWORDS.has(t.v.toUpperCase())) return fail("<IDENTIFIER>");
    p++;
    return t.v;
  };
  const literal = (): Literal => {
    const t = peek();
    if (t?.t === "str" || t?.t === "num") {
      p++;
      return t.v;
    }
    if (t?.t === "word" && /^(true|false)$/i.test(t.v)) {
      p++;
      return t.v.toLowerCase() === "true";
    }
    return fail("<STRING_LITERAL> | <NUMBER> | true | false");
  };
  const int = (): number => {
    const t = peek();
    if (t?.t !== "num" || !Number.isInteger(t.v)) return fail("<INTEGER>");
    p++;
    return t.v;
  };

  kw("SELECT");
  let count = false;
  if (isKw(peek(), "COUNT")) {
    p++;
    sym("(");
    sym("*");
    sym(")");
    count = true;
  } else sym("*");
  kw("FROM");
  const entity = ident();
  const where: Condition[] = [];
  if (isKw(peek(), "WHERE")) {
    p++;
    do {
      const field = ident();
      const t = peek();
      if (isKw(t, "IN")) {
        p++;
        sym("(");
        const values = [literal()];
        while (peek()?.t === "sym" && peek()?.v === ",") {
          p++;
          values.push(literal());
        }
        sym(")");
        where.push({ field, op: "IN", value: values });
      } else if (isKw(t, "LIKE")) {
        p++;
        const v = peek();
        if (v?.t !== "str") fail("<STRING_LITERAL>");
        p++;
        where.push({ field, op: "LIKE", value: (v as { v: string }).v });
      } else if (t?.t === "sym" && ["=", "<", ">", "<=", ">="].includes(t.v)) {
        p++;
        where.push({ field, op: t.v as Condition["op"], value: literal() });
      } else fail('"=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE"');
    } while (isKw(peek(), "AND") && ++p);
  }
  const orderBy: Query["orderBy"] = [];
  if (isKw(peek(), "ORDERBY")) {
    p++;
    do {
      const field = ident();
      let desc = false;
      if (isKw(peek(), "ASC")) p++;
      else if (isKw(peek(), "DESC")) {
        p++;
        desc = true;
      }
      orderBy.push({ field, desc });
    } while (peek()?.t === "sym" && peek()?.v === "," && ++p);
  }
  let startPosition = 1;
  let maxResults = DEFAULT_MAX_RESULTS;
  if (isKw(peek(), "STARTPOSITION")) {
    p++;
    startPosition = int();
  }
  if (isKw(peek(), "MAXRESULTS")) {
    p++;
    maxResults = int();
  }
  if (p < toks.length) fail("<EOF>");
  if (startPosition < 1) throw new QueryValidationError("STARTPOSITION must be 1 or more");
  if (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT)
    throw new QueryValidationError(`MAXRESULTS must be between 1 and ${MAX_RESULTS_LIMIT}`);
  return { count, entity, where, orderBy, startPosition, maxResults };
}
