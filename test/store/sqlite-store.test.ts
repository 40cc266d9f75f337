import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { describeStoreContract, type StoreHarness } from './store-contract.js';

/** A fresh SQLite FILE per test (not :memory:), so a second connection really shares it. */
async function makeSqliteHarness(): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'vps-store-'));
  const file = join(dir, 'nested', 'bot.db');
  const clock = new ManualClock();
  const opened: Store[] = [];
  const open = async () => {
    const store = await openStore(file, { clock });
    opened.push(store);
    return store;
  };
  const store = await open();
  return {
    store,
    clock,
    openAnother: open,
    dispose: async () => {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStoreContract('SQLite', makeSqliteHarness);
