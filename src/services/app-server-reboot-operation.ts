import { randomUUID } from 'node:crypto';
import type { BatchRebootResult, RebootType } from '../domain/app-server.js';
import type {
  AppServerRebootRoot,
  AppServerRebootSubject,
  NotRebooted,
} from '../domain/app-server-notifications.js';
import type { OperationApproval } from '../domain/approval-notifications.js';
import { toUserMessage } from '../errors.js';
import type { NewOutboxMessage, Store, TrackedOperation } from '../store/store.js';
import { initialRebootMeta } from '../tracker/app-server-meta.js';

/** What the person is asked to confirm, as stored with the confirmation. */
export interface AppServerRebootRequest {
  readonly type: RebootType;
  readonly servers: readonly {
    readonly id: string;
    readonly name: string;
    readonly sessionCount: number | null;
  }[];
}

/**
 * Creates the one tracked operation of a Confirm and its visible root message in one transition.
 * Its first reading is `initialDelayMs` away: a server read before Huawei has started its reboot
 * still looks ACTIVE with no task, which `rebootProgress` would take for "done".
 *
 * A reboot run after an approval passes `approval` with `rootTs`, the approval request's message:
 * that message is edited into the root (still naming who approved) and the thread grows under it.
 */
export async function createRebootOperation(
  store: Store,
  args: {
    requester: string;
    correlationId: string;
    channel: string;
    type: RebootType;
    accepted: AppServerRebootRequest['servers'];
    notRebooted: readonly NotRebooted[];
    now: number;
    initialDelayMs: number;
    approval?: OperationApproval;
    rootTs?: string | null;
  },
): Promise<TrackedOperation> {
  const { accepted, notRebooted, channel } = args;
  const id = randomUUID();
  const action = args.type === 'HARD' ? 'hard-reboot' : 'reboot';
  const subject: AppServerRebootSubject = {
    operationId: id,
    requester: args.requester,
    type: args.type,
    serverNames: accepted.map((s) => s.name),
    ...(args.approval ? { approval: args.approval } : {}),
  };
  const root: AppServerRebootRoot = {
    type: 'appserver-reboot.root',
    subject,
    counts: { pending: accepted.length, rebooting: 0, back: 0, failed: 0, timedOut: 0 },
    notRebooted,
    finished: false,
  };
  const rootTs = args.rootTs ?? null;
  const first: NewOutboxMessage = rootTs
    ? {
        kind: 'update',
        channel,
        targetTs: rootTs,
        anchor: 'follow',
        payload: root,
        dedupeKey: `${id}:approval-root`,
        // After the approval's own pending edits, so this one (the newest) lands last.
        ...(args.approval ? { orderKey: `approval:${args.approval.approvalId}` } : {}),
      }
    : { kind: 'post', channel, anchor: 'root', payload: root, dedupeKey: `${id}:root` };
  return store.createOperation(
    {
      id,
      provider: 'huawei',
      targetId: targetOf(accepted),
      targetName: accepted.length === 1 ? accepted[0]!.name : `${accepted.length} app servers`,
      action,
      requester: args.requester,
      correlationId: args.correlationId,
      channel,
      rootTs,
      status: 'rebooting',
      startedAt: args.now,
      nextPollAt: args.now + args.initialDelayMs,
      expectedDurationMs: await store.typicalDuration('huawei', action),
      meta: initialRebootMeta({ subject, servers: accepted, notRebooted }),
    },
    { messages: [first] },
  );
}

/** The ids as one audit/operation target ("id1,id2"). */
export function targetOf(servers: readonly { readonly id: string }[]): string {
  return servers.map((s) => s.id).join(',');
}

/** The servers of failed and skipped chunks, by name, with what Huawei said. */
export function notRebootedOf(result: BatchRebootResult, request: AppServerRebootRequest): NotRebooted[] {
  const nameOf = new Map(request.servers.map((s) => [s.id, s.name]));
  return result.chunks.flatMap((chunk): NotRebooted[] => {
    if (chunk.outcome === 'accepted') return [];
    const error = chunk.outcome === 'failed' ? toUserMessage(chunk.error) : null;
    const mayHaveActed = chunk.outcome === 'failed' && chunk.mayHaveActed;
    return chunk.ids.map((id) => ({
      id,
      name: nameOf.get(id) ?? id,
      why: chunk.outcome,
      mayHaveActed,
      error,
    }));
  });
}
