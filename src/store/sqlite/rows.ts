/** The shared row mappers bound to SQLite, which keeps JSON columns as text. */
import { recordMappers } from '../mapping/record-mappers.js';

function fromJson(text: unknown): unknown {
  return typeof text === 'string' ? JSON.parse(text) : null;
}

export const { toOperation, toMessage, toApproval, toConfirmation, toAuditEntry } = recordMappers(fromJson);
