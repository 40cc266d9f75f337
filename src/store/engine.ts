import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

export type EngineName = 'sqlite' | 'postgres';

/** The words the one migration list needs that the two databases spell differently. */
export interface ColumnTypes {
  /** Epoch milliseconds: INTEGER on SQLite, BIGINT on PostgreSQL. */
  readonly time: string;
  readonly json: string;
  readonly real: string;
  /** An integer primary key the database numbers itself (`seq`, the order of insertion). */
  readonly serialKey: string;
  /** The statements that make `table` refuse UPDATE and DELETE (append-only at the database itself). */
  appendOnly(table: string): readonly string[];
}

/**
 * Everything that differs between SQLite and PostgreSQL, and nothing else: the queries themselves
 * are written once (queries/*) against this seam. Each engine is one small file in engines/.
 *
 * - Claims: PostgreSQL replicas pass over each other's candidate rows (`FOR UPDATE SKIP LOCKED`);
 *   SQLite has one writer at a time (every transaction is `BEGIN IMMEDIATE`), so nothing to skip.
 * - Read-then-write transactions lock the row they read first on PostgreSQL (`FOR NO KEY UPDATE`);
 *   on SQLite the immediate transaction already holds the write lock.
 * - JSON: written as JSON text on both; SQLite hands the text back, PostgreSQL's JSONB comes parsed.
 */
export interface Engine {
  readonly name: EngineName;
  readonly db: Kysely<Database>;
  readonly types: ColumnTypes;
  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  lockRow<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /**
   * Inside a transaction, before an outbox insert: makes `seq` order within one order group commit
   * order across replicas (PostgreSQL advisory lock; SQLite's single writer does this already).
   */
  lockOrderGroup(tx: Kysely<Database>, orderKey: string): Promise<void>;
  readJson(value: unknown): unknown;
  /** A unique index or constraint refused an insert. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Runs `fn` in one transaction that no other process migrating the same database runs alongside
   * (PostgreSQL: a transaction-scoped advisory lock; SQLite: the immediate transaction).
   */
  withMigrationLock<T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
