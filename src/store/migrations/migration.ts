import type { ColumnTypes } from '../engine.js';

/**
 * One schema change, written once for both databases: the statements are built from the engine's
 * column types, so SQLite and PostgreSQL share one version sequence and one text. Versions only
 * grow; a released migration is never changed in meaning (add a new one).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Run in order inside the migration transaction, one statement each. */
  statements(types: ColumnTypes): readonly string[];
}
