import { sql } from 'kysely';
import type { Engine } from '../engine.js';
import type { Migration } from './migration.js';

/**
 * Applies the migrations the database has not recorded, each with its `schema_migrations` row, in
 * one transaction under the engine's migration lock: processes starting together take turns and
 * each later one finds the work done. Returns how many migrations are recorded afterwards.
 */
export async function migrate(
  engine: Engine,
  migrations: readonly Migration[],
  now: number,
): Promise<number> {
  return engine.withMigrationLock(async (tx) => {
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at ${sql.raw(engine.types.time)} NOT NULL
    )`.execute(tx);
    const applied = new Set(
      (await tx.selectFrom('schema_migrations').select('version').execute()).map((r) => Number(r.version)),
    );
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements(engine.types)) await sql.raw(statement).execute(tx);
      await tx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: now })
        .execute();
    }
    const { count } = await tx
      .selectFrom('schema_migrations')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(count);
  });
}
