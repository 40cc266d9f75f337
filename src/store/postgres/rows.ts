/** Small helpers shared by the PostgreSQL entity modules. */

/**
 * JSON for a `$n::jsonb` parameter; `undefined` becomes null so the column is never empty.
 * Always stringified here: node-postgres would turn a JS array into a PostgreSQL array literal.
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

/** JSONB comes back parsed; a missing value reads as null. */
export function json(value: unknown): unknown {
  return value === undefined ? null : value;
}
