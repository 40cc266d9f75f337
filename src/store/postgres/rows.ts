/** The shared row mappers bound to PostgreSQL, whose JSONB columns come back parsed. */
import { recordMappers } from '../mapping/record-mappers.js';

/** JSONB comes back parsed; a missing value reads as null. */
function json(value: unknown): unknown {
  return value === undefined ? null : value;
}

export const { toOperation, toMessage, toApproval, toConfirmation, toAuditEntry } = recordMappers(json);
