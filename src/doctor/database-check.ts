import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { type DoctorCheck, failed, passed } from './check.js';

/**
 * Opens the store the way the bot does and asks it for a ping and its migration count. Opening
 * applies any missing migration (the store has no read-only open), exactly as the bot's start would.
 */
export const databaseCheck: DoctorCheck = {
  name: 'database',
  async run({ config, clock }) {
    const kind = /^\s*postgres(ql)?:\/\//i.test(config.databaseUrl) ? 'PostgreSQL' : 'SQLite';
    let store: Store | null = null;
    try {
      store = await openStore(config.databaseUrl, { clock });
      await store.ping();
      const applied = store.migrationsApplied();
      if (applied === 0)
        return failed(`the ${kind} store answers but has no schema`, 'Start the bot once: it migrates');
      return passed(
        `the ${kind} store answers; ${applied} schema migration${applied === 1 ? '' : 's'} applied`,
      );
    } catch (error) {
      return failed(
        `could not open the ${kind} store: ${error instanceof Error ? error.message : String(error)}`,
        kind === 'PostgreSQL'
          ? 'Check DATABASE_URL (host, port, database, user, password) and that the server accepts connections'
          : 'Check that DATABASE_URL names a file in a directory the bot may write to',
      );
    } finally {
      await store?.close().catch(() => undefined);
    }
  },
};
