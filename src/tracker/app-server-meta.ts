import { z } from 'zod';
import type {
  AppServerCounts,
  AppServerFollowState,
  AppServerRebootSubject,
  NotRebooted,
} from '../domain/app-server-notifications.js';
import type { TrackedOperation } from '../store/store.js';

/**
 * What a Huawei reboot operation keeps in its `meta`: the subject its messages show, every
 * followed server with its last reading, and the servers Huawei did not accept. It is the whole
 * state between polls (any worker may take the next one), so it lives in the database.
 */
export interface FollowedServer {
  readonly id: string;
  readonly name: string;
  readonly state: AppServerFollowState;
  readonly vmStatus: string | null;
  readonly taskStatus: string | null;
  readonly note: string | null;
  /** When `state` last changed (epoch ms), null while pending. */
  readonly changedAt: number | null;
}

export interface AppServerRebootMeta {
  readonly subject: AppServerRebootSubject;
  readonly servers: readonly FollowedServer[];
  readonly notRebooted: readonly NotRebooted[];
}

const nullableString = z.string().nullable().catch(null);

const serverSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['pending', 'rebooting', 'back', 'failed', 'timed_out']),
  vmStatus: nullableString,
  taskStatus: nullableString,
  note: nullableString,
  changedAt: z.number().nullable().catch(null),
});

const metaSchema = z.object({
  subject: z.looseObject({
    operationId: z.string(),
    requester: z.string(),
    type: z.enum(['SOFT', 'HARD']),
    serverNames: z.array(z.string()),
  }),
  servers: z.array(serverSchema).min(1),
  notRebooted: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        why: z.enum(['failed', 'skipped']),
        mayHaveActed: z.boolean(),
        error: nullableString,
      }),
    )
    .catch([]),
});

/** The meta of a new reboot operation: every accepted server pending. */
export function initialRebootMeta(args: {
  subject: AppServerRebootSubject;
  servers: readonly { readonly id: string; readonly name: string }[];
  notRebooted: readonly NotRebooted[];
}): AppServerRebootMeta {
  return {
    subject: args.subject,
    servers: args.servers.map((s) => ({
      id: s.id,
      name: s.name,
      state: 'pending',
      vmStatus: null,
      taskStatus: null,
      note: null,
      changedAt: null,
    })),
    notRebooted: args.notRebooted,
  };
}

/** The operation's reboot state, or null when its meta is not one (nothing can be followed then). */
export function readRebootMeta(op: TrackedOperation): AppServerRebootMeta | null {
  const parsed = metaSchema.safeParse(op.meta);
  return parsed.success ? (parsed.data as AppServerRebootMeta) : null;
}

export const isSettled = (state: AppServerFollowState): boolean =>
  state === 'back' || state === 'failed' || state === 'timed_out';

export function countStates(servers: readonly Pick<FollowedServer, 'state'>[]): AppServerCounts {
  const n = (state: AppServerFollowState) => servers.filter((s) => s.state === state).length;
  return {
    pending: n('pending'),
    rebooting: n('rebooting'),
    back: n('back'),
    failed: n('failed'),
    timedOut: n('timed_out'),
  };
}
