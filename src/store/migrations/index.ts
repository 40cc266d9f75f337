import { initialSchema } from './001-initial.js';
import { sameIndexes } from './002-same-indexes.js';
import { actingJournal } from './003-acting-journal.js';
import { afterReviews } from './005-after-reviews.js';
import { surfaces } from './007-surfaces.js';
import { deliveryBudget } from './008-delivery-budget.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';
export { migrate } from './run-migrations.js';

/** Every migration, in version order. */
export const migrations: readonly Migration[] = [
  initialSchema,
  sameIndexes,
  actingJournal,
  afterReviews,
  surfaces,
  deliveryBudget,
];
