import { createHash } from 'node:crypto';
import type { AppServer } from '../domain/app-server.js';
import type {
  AppServerLine,
  AppServerRebootChanged,
  AppServerRebootRoot,
  AppServerRebootSummary,
} from '../domain/app-server-notifications.js';
import { rebootProgress } from '../domain/app-server-reboot.js';
import type { NewOutboxMessage, OperationState, TrackedOperation } from '../store/store.js';
import { type AppServerRebootMeta, countStates, type FollowedServer, isSettled } from './app-server-meta.js';

/**
 * The pure half of following a Huawei reboot: given the operation's state and one round of
 * readings, where each server is now and what the thread should hear. No I/O, no clock.
 */

/** One server's reading in a round: its state, "it no longer exists", or a read that failed. */
export type ServerReading =
  | {
      readonly id: string;
      readonly kind: 'read';
      readonly server: Pick<AppServer, 'vmStatus' | 'taskStatus'>;
    }
  | { readonly id: string; readonly kind: 'gone'; readonly note: string }
  /** `note` says why, for the summary if the server is never read again before the time limit. */
  | { readonly id: string; readonly kind: 'error'; readonly note: string };

export interface RebootStepPlan {
  readonly servers: FollowedServer[];
  readonly messages: NewOutboxMessage[];
  /** Short, for `/vps jobs`: "1/3 back · 1 failed". */
  readonly status: string;
  /** Set when every server is settled: how the operation ends. */
  readonly end: {
    readonly state: Exclude<OperationState, 'active'>;
    readonly lastError: string | null;
    readonly durationMs: number;
  } | null;
}

/** The order changes are told in, and which states are news at all (a time-out is told in the summary). */
const toldStates = ['rebooting', 'back', 'failed'] as const;

export function planRebootStep(args: {
  op: TrackedOperation;
  meta: AppServerRebootMeta;
  readings: readonly ServerReading[];
  now: number;
  /** The time limit per reboot, from the operation's start. */
  limitMs: number;
}): RebootStepPlan {
  const { op, meta, now } = args;
  const byId = new Map(args.readings.map((r) => [r.id, r]));
  const timedOut = now - op.startedAt >= args.limitMs;
  const servers = meta.servers.map((before) => {
    if (isSettled(before.state)) return before;
    const after = applyReading(before, byId.get(before.id));
    const next = !isSettled(after.state) && timedOut ? { ...after, state: 'timed_out' as const } : after;
    return next.state === before.state ? next : { ...next, changedAt: now };
  });

  const messages: NewOutboxMessage[] = [];
  const changed = servers.filter((s, i) => s.state !== meta.servers[i]!.state);
  for (const state of toldStates) {
    const group = changed.filter((s) => s.state === state);
    if (group.length === 0) continue;
    const payload: AppServerRebootChanged = {
      type: 'appserver-reboot.changed',
      subject: meta.subject,
      state,
      servers: group.map(lineOf),
    };
    messages.push(reply(op, payload, `${op.id}:servers:${state}:${digest(group.map((s) => s.id))}`));
  }

  const counts = countStates(servers);
  const settled = servers.every((s) => isSettled(s.state));
  const total = servers.length;
  const status = [
    `${counts.back}/${total} back`,
    counts.failed ? `${counts.failed} failed` : '',
    counts.timedOut ? `${counts.timedOut} timed out` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const root = (finished: boolean, dedupeKey: string): NewOutboxMessage => {
    const payload: AppServerRebootRoot = {
      type: 'appserver-reboot.root',
      subject: meta.subject,
      counts,
      notRebooted: meta.notRebooted,
      finished,
    };
    return { kind: 'update', channel: op.channel, anchor: 'follow', payload, dedupeKey };
  };

  if (!settled) {
    if (changed.length > 0) {
      const key = `${counts.pending}.${counts.rebooting}.${counts.back}.${counts.failed}`;
      messages.push(root(false, `${op.id}:root:${key}`));
    }
    return { servers, messages, status, end: null };
  }

  const durationMs = Math.max(0, now - op.startedAt);
  const summary: AppServerRebootSummary = {
    type: 'appserver-reboot.summary',
    subject: meta.subject,
    back: servers.filter((s) => s.state === 'back').map((s) => s.name),
    failed: servers.filter((s) => s.state === 'failed').map(lineOf),
    timedOut: servers.filter((s) => s.state === 'timed_out').map(lineOf),
    notRebooted: meta.notRebooted,
    limitMs: args.limitMs,
    durationMs,
  };
  messages.push(reply(op, summary, `${op.id}:summary`), root(true, `${op.id}:root:final`));
  const state = counts.failed > 0 ? 'failed' : counts.timedOut > 0 ? 'gave_up' : 'done';
  const lastError =
    state === 'failed' ? 'app_servers_failed' : state === 'gave_up' ? 'reboot_time_limit' : null;
  return { servers, messages, status, end: { state, lastError, durationMs } };
}

function applyReading(server: FollowedServer, reading: ServerReading | undefined): FollowedServer {
  if (!reading) return server;
  if (reading.kind === 'error') return { ...server, note: reading.note };
  if (reading.kind === 'gone') return { ...server, state: 'failed', note: reading.note };
  const progress = rebootProgress(reading.server);
  return {
    ...server,
    state: progress === 'done' ? 'back' : progress === 'failed' ? 'failed' : 'rebooting',
    vmStatus: reading.server.vmStatus,
    taskStatus: reading.server.taskStatus,
    note: null,
  };
}

function lineOf(s: FollowedServer): AppServerLine {
  return { name: s.name, vmStatus: s.vmStatus, taskStatus: s.taskStatus, note: s.note };
}

function reply(op: TrackedOperation, payload: unknown, dedupeKey: string): NewOutboxMessage {
  return { kind: 'post', channel: op.channel, anchor: 'follow', payload, dedupeKey };
}

/** A short, stable name for a set of server ids (a dedupe key must not grow with the list). */
function digest(ids: readonly string[]): string {
  return createHash('sha256')
    .update([...ids].sort().join(','))
    .digest('hex')
    .slice(0, 16);
}
