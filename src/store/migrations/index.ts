import { initialSchema } from './001-initial.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, in version order. */
export const migrations: readonly Migration[] = [initialSchema];
