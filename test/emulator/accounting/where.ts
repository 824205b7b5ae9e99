// Xero's `where` filter: a Dynamic-LINQ-like expression evaluated against each record's JSON.
// Supports == = != <> < <= > >=, AND/OR/NOT (also && || !), parentheses, string/number/true/false/null,
// Guid("…"), DateTime(y,m,d[,h,mi,s]), DateTime.Parse("…"), .Contains/.StartsWith/.EndsWith("…"),
// .ToLower()/.ToUpper()/.Trim()/.ToString(), nested members (Contact.ContactID). Member names match
// case-insensitively, as in Xero. Anything else is a QueryParseException, never a crash.
// @see https://developer.xero.com/documentation/api/accounting/requests-and-responses#retrieving-a-filtered-set

import { queryParseError } from "./errors.ts";
import { lex, type Token } from "./where-lex.ts";

type Value = string | number | boolean | null | { date: number };
type Node =
  | { k: "lit"; v: Value }
  | { k: "field"; name: string }
  | { k: "member"; target: Node; name: string }
  | { k: "call"; target: Node; name: string; args: Node[] }
  | { k: "cmp"; op: string; l: Node; r: Node }
  | { k: "and" | "or"; l: Node; r: Node }
  | { k: "not"; e: Node };

/** A compiled filter: true when the record's JSON matches. */
export type Predicate = (json: Record<string, unknown>) => boolean;

/** Compiles `where` for a type whose top-level fields are `fields` (for "No property or field" errors). */
export function compileWhere(source: string, typeName: string, fields: readonly string[]): Predicate {
  const tokens = lex(source);
  let i = 0;
  const peek = (): Token => tokens[i] ?? { t: "end", v: "" };
  const next = (): Token => tokens[i++] ?? { t: "end", v: "" };
  const isWord = (w: string) => peek().t === "id" && peek().v.toUpperCase() === w;
  const at = (v: string) => (peek().t === "punct" || peek().t === "op") && peek().v === v;
  const expect = (v: string) => {
    if (!at(v)) throw queryParseError("Syntax error");
    next();
  };
  const canonical = new Map(fields.map((f) => [f.toLowerCase(), f]));

  const orExpr = (): Node => {
    let l = andExpr();
    while (isWord("OR") || at("||")) {
      next();
      l = { k: "or", l, r: andExpr() };
    }
    return l;
  };
  const andExpr = (): Node => {
    let l = unary();
    while (isWord("AND") || at("&&")) {
      next();
      l = { k: "and", l, r: unary() };
    }
    return l;
  };
  const unary = (): Node => {
    if (at("!") || isWord("NOT")) {
      next();
      return { k: "not", e: unary() };
    }
    const l = postfix(primary());
    const op = peek();
    if (op.t === "op" && ["==", "=", "!=", "<>", "<", "<=", ">", ">="].includes(op.v)) {
      next();
      return { k: "cmp", op: op.v, l, r: postfix(primary()) };
    }
    return l;
  };
  const args = (): Node[] => {
    expect("(");
    const out: Node[] = [];
    while (!at(")")) {
      out.push(postfix(primary()));
      if (at(",")) next();
      else break;
    }
    expect(")");
    return out;
  };
  const postfix = (n: Node): Node => {
    let node = n;
    while (at(".")) {
      next();
      const name = next();
      if (name.t !== "id") throw queryParseError("Identifier expected");
      node = at("(")
        ? { k: "call", target: node, name: name.v, args: args() }
        : { k: "member", target: node, name: name.v };
    }
    return node;
  };
  const primary = (): Node => {
    if (at("(")) {
      next();
      const e = orExpr();
      expect(")");
      return e;
    }
    const t = next();
    if (t.t === "str") return { k: "lit", v: t.v };
    if (t.t === "num") return { k: "lit", v: Number(t.v) };
    if (t.t !== "id") throw queryParseError("Expression expected");
    const word = t.v.toLowerCase();
    if (word === "true" || word === "false") return { k: "lit", v: word === "true" };
    if (word === "null") return { k: "lit", v: null };
    if (t.v === "Guid") return { k: "lit", v: litString(args(), "Guid").toLowerCase() };
    if (t.v === "DateTime") return dateLiteral();
    const name = canonical.get(word);
    if (!name) throw queryParseError(`No property or field '${t.v}' exists in type '${typeName}'`);
    return { k: "field", name };
  };
  const dateLiteral = (): Node => {
    if (at(".")) {
      next();
      if (next().v !== "Parse") throw queryParseError("Syntax error");
      const ms = parseDateText(litString(args(), "DateTime.Parse"));
      return { k: "lit", v: { date: ms } };
    }
    const parts = args().map((a) => (a.k === "lit" && typeof a.v === "number" ? a.v : Number.NaN));
    const [y, mo, d, h = 0, mi = 0, s = 0] = parts;
    const ms = Date.UTC(y ?? Number.NaN, (mo ?? Number.NaN) - 1, d ?? Number.NaN, h, mi, s);
    if (parts.length < 3 || Number.isNaN(ms)) throw queryParseError("No applicable constructor for DateTime");
    return { k: "lit", v: { date: ms } };
  };

  const tree = orExpr();
  if (peek().t !== "end") throw queryParseError("Syntax error");
  return (json) => truthy(evaluate(tree, json));
}

function litString(a: Node[], fn: string): string {
  const first = a[0];
  if (a.length !== 1 || first?.k !== "lit" || typeof first.v !== "string")
    throw queryParseError(`No applicable method '${fn}'`);
  return first.v;
}

function parseDateText(s: string): number {
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) || !s.includes("T") ? s : `${s}Z`);
  if (Number.isNaN(ms)) throw queryParseError(`String '${s}' was not recognized as a valid DateTime.`);
  return ms;
}

function member(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== "object") return null;
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : (obj as Record<string, unknown>)[key];
}

function asValue(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return null;
}

function evaluate(n: Node, json: Record<string, unknown>): Value {
  switch (n.k) {
    case "lit":
      return n.v;
    case "field":
      return asValue(json[n.name]);
    case "member":
      return asValue(member(resolveObject(n.target, json), n.name));
    case "call":
      return callMethod(
        evaluate(n.target, json),
        n.name,
        n.args.map((a) => evaluate(a, json)),
      );
    case "not":
      return !truthy(evaluate(n.e, json));
    case "and":
      return truthy(evaluate(n.l, json)) && truthy(evaluate(n.r, json));
    case "or":
      return truthy(evaluate(n.l, json)) || truthy(evaluate(n.r, json));
    case "cmp":
      return compare(n.op, evaluate(n.l, json), evaluate(n.r, json));
  }
}

function resolveObject(n: Node, json: Record<string, unknown>): unknown {
  if (n.k === "field") return json[n.name];
  if (n.k === "member") return member(resolveObject(n.target, json), n.name);
  return null;
}

function callMethod(target: Value, name: string, a: Value[]): Value {
  const s = typeof target === "string" ? target : null;
  const arg = a[0];
  switch (name) {
    case "Contains":
    case "StartsWith":
    case "EndsWith":
      if (typeof arg !== "string")
        throw queryParseError(`No applicable method '${name}' exists in type 'String'`);
      if (s === null) return false;
      return name === "Contains"
        ? s.includes(arg)
        : name === "StartsWith"
          ? s.startsWith(arg)
          : s.endsWith(arg);
    case "ToLower":
      return s?.toLowerCase() ?? null;
    case "ToUpper":
      return s?.toUpperCase() ?? null;
    case "Trim":
      return s?.trim() ?? null;
    case "ToString":
      return target === null ? null : String(target);
    default:
      throw queryParseError(`No applicable method '${name}' exists in type 'String'`);
  }
}

function truthy(v: Value): boolean {
  if (typeof v === "boolean") return v;
  throw queryParseError("Expression of type 'Boolean' expected");
}

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

function typeName(v: Value): string {
  if (typeof v === "string") return "String";
  if (typeof v === "number") return "Decimal";
  if (typeof v === "boolean") return "Boolean";
  return "DateTime";
}

function compare(op: string, a: Value, b: Value): boolean {
  let l: Value = a;
  let r: Value = b;
  if (isDate(l) || isDate(r)) {
    l = toMs(l);
    r = toMs(r);
  }
  if (l === null || r === null) {
    if (op === "==" || op === "=") return l === r;
    if (op === "!=" || op === "<>") return l !== r;
    return false;
  }
  if (typeof l !== typeof r || typeof l === "object") {
    throw queryParseError(
      `Operator '${op}' incompatible with operand types '${typeName(a)}' and '${typeName(b)}'`,
    );
  }
  if (typeof l === "string" && typeof r === "string" && isGuidLike(l) && isGuidLike(r)) {
    l = l.toLowerCase();
    r = r.toLowerCase();
  }
  switch (op) {
    case "==":
    case "=":
      return l === r;
    case "!=":
    case "<>":
      return l !== r;
    case "<":
      return l < r;
    case "<=":
      return l <= r;
    case ">":
      return l > r;
    default:
      return l >= r;
  }
}

function isDate(v: Value): v is { date: number } {
  return v !== null && typeof v === "object";
}

function toMs(v: Value): Value {
  if (isDate(v)) return v.date;
  if (typeof v === "string") {
    const m = v.match(MS_DATE);
    if (m?.[1]) return Number(m[1]);
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : t;
  }
  return v;
}

function isGuidLike(s: string): boolean {
  return s.length === 36 && s[8] === "-" && s[13] === "-";
}
