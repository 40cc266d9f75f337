/**
 * One schema change. Versions only grow; a released migration is never edited (add a new one).
 * SQL is per dialect so SQLite and PostgreSQL share one version sequence.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs inside the migration transaction; may hold several statements. */
  readonly sqlite: string;
}
