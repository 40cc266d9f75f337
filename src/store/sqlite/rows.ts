/** Small helpers shared by the SQLite entity modules. */

/** Stores JSON data as text; `undefined` becomes null so the column is never empty. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson(text: unknown): unknown {
  return typeof text === 'string' ? JSON.parse(text) : null;
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

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;
