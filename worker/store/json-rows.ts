import type * as z from "zod";

/**
 * The `json` column of every row `query` selects from Durable Object SQLite, each parsed with
 * `schema`: a stored record of the wrong shape throws, it never passes as a cast.
 */
export function jsonRows<S extends z.ZodType>(
  sql: SqlStorage,
  schema: S,
  query: string,
  ...binds: SqlStorageValue[]
): z.output<S>[] {
  return sql
    .exec<{ json: string }>(query, ...binds)
    .toArray()
    .map((r) => schema.parse(JSON.parse(r.json)));
}
