/** Column readers and writers shared by the SQLite and PostgreSQL entity modules. */

/** A row as the drivers return it (better-sqlite3 and node-postgres alike). */
export type Row = Record<string, unknown>;

/**
 * Decodes a JSON column. The backends differ only here: SQLite keeps JSON as text, PostgreSQL's
 * JSONB comes back already parsed.
 */
export type JsonReader = (value: unknown) => unknown;

/**
 * JSON for a JSON column or a `$n::jsonb` parameter; `undefined` becomes null so the column is
 * never empty. Always stringified: node-postgres would turn a JS array into a PostgreSQL array
 * literal.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function str(value: unknown): string {
  return String(value);
}

export function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function num(value: unknown): number {
  return Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
