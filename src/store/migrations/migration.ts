/**
 * One schema change. Versions only grow; a released migration is never edited (add a new one).
 * SQL is per dialect so SQLite and PostgreSQL share one version sequence.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs inside the migration transaction; may hold several statements. */
  readonly sqlite: string;
  /**
   * The same change for PostgreSQL, run inside the migration transaction while the migration
   * advisory lock is held; may hold several statements (sent as one simple query).
   */
  readonly postgres: string;
}
