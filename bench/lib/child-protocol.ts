import type { DeliveryBudget } from '../../src/store/store.js';
import type { PollScheduleOptions } from '../../src/tracker/poll-schedule.js';

/**
 * Messages between a benchmark (parent) and the process that runs the bot under test
 * (bench/lib/bot-child.ts), over the fork IPC channel. The bot runs apart from the simulators and
 * the load generator so its memory, CPU and event loop are measured alone.
 */
export type ChildSpec =
  | {
      readonly kind: 'bot';
      /** The environment `loadConfig` reads (never the parent's process.env). */
      readonly env: Record<string, string>;
      readonly pollSchedule?: Partial<PollScheduleOptions>;
      readonly outboxIdleMs?: number;
      /** Slack's limits scaled like the fake's (a run faster than life). */
      readonly deliveryBudget?: DeliveryBudget;
    }
  | {
      /**
       * The ack benchmark's baselines: 'naive', a minimal Bolt app that acks after HostUp answered;
       * 'bare', a Bolt app that acks everything at once and does nothing else (the floor).
       */
      readonly kind: 'naive' | 'bare';
      readonly hostupUrl: string;
      readonly hostupToken: string;
      readonly signingSecret: string;
      readonly slackApiUrl: string;
      readonly botToken: string;
    };

export type ParentMessage = { readonly type: 'start'; readonly spec: ChildSpec } | { readonly type: 'stop' };

/** Times in ms since the child process started (performance.timeOrigin). */
export interface ChildReady {
  readonly type: 'ready';
  readonly port: number;
  /** Epoch ms at which the child process started. */
  readonly timeOrigin: number;
  /** The modules (bot, Bolt, SQLite driver…) were loaded. */
  readonly importedMs: number;
  /** `createBot` (or the naive app) was called. */
  readonly startCalledMs: number;
  /** `start()` resolved: the HTTP endpoint listens. */
  readonly listeningMs: number;
}

/** Measured from `ready` to `stop`. */
export interface ChildReport {
  readonly type: 'report';
  /** Peak resident set size of the whole process lifetime (MB). */
  readonly maxRssMb: number;
  readonly cpuUserS: number;
  readonly cpuSystemS: number;
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** How long `stop()` took. */
  readonly stopMs: number;
}

export type ChildMessage = ChildReady | ChildReport | { readonly type: 'error'; readonly message: string };
