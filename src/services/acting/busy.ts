import type { BusyWith, Refusal } from '../../domain/refusals.js';
import type { ServerLock, StoreTx } from '../../store/store.js';

/** "web-01 is busy: restart by @ana, started 2 min ago → thread": what holds it, and where its thread is. */
export async function busyRefusal(store: StoreTx, server: string, held: ServerLock): Promise<Refusal> {
  const [kind, id = ''] = held.holder.split(':') as ['operation' | 'approval', string];
  let where: Pick<BusyWith, 'channel' | 'ts'> = { channel: null, ts: null };
  if (kind === 'operation') {
    const op = await store.getOperation(id);
    if (op) where = { channel: op.channel, ts: op.rootTs };
  } else {
    const approval = await store.getApproval(id);
    if (approval) where = { channel: approval.channel, ts: approval.messageTs };
  }
  return {
    code: 'server_busy',
    server,
    busy: {
      kind: kind === 'operation' ? 'operation' : 'request',
      action: held.action,
      actor: held.actor,
      since: held.acquiredAt,
      ...where,
    },
  };
}
