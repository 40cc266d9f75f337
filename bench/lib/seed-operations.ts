import { randomUUID } from 'node:crypto';
import type { Notification, OperationSubject } from '../../src/domain/notifications.js';
import type { HostUpSimulator, SimJob } from '../../src/simulator/hostup/index.js';
import type { Store } from '../../src/store/store.js';
import type { BenchAction, PlannedJob } from './job-mix.js';
import { benchOperator } from './loopback.js';

export interface SeededOperation {
  readonly operationId: string;
  readonly vpsName: string;
  readonly channel: string;
  /** The simulator's live job (its status and `finishedAt` change in place). */
  readonly job: SimJob;
  /** Queue time plus running time the job was given, in real (unscaled) ms. */
  readonly realLengthMs: number;
}

export interface SeedOptions {
  readonly sim: HostUpSimulator;
  readonly store: Store;
  readonly jobs: readonly PlannedJob[];
  /** Real time → wall time (0.1: ten times faster). */
  readonly scale: number;
  readonly channelFor: (index: number) => string;
  /** The first poll, after this long (the services use 1 s, scaled here). */
  readonly firstPollMs: number;
  /** What the store's typical duration says per action (null: none known). */
  readonly expectedMs: (action: BenchAction) => number | null;
  /**
   * With a root message to send (as after Confirm), or as if it was sent long ago (`rootTs` set,
   * nothing owed): a resume after a restart.
   */
  readonly root: 'enqueue' | 'already-sent';
  /**
   * When the operations start (epoch ms): HostUp holds every job in its queue until then (plus its
   * own queue time), and the operations are recorded as started then, with their first poll and
   * root message due from then on. Default: now, job by job.
   */
  readonly startAt?: number;
}

const snapshotName = 'bench-snap';

/**
 * Creates each job for real in the simulator (the acting route over HTTP with the simulator's
 * token) and records it in the bot's store the way
 * src/services/vps-actions.ts does: createOperation with the jobId/pollUrl, the subject in meta
 * and the thread's root message in the same transition.
 */
export async function seedOperations(options: SeedOptions): Promise<SeededOperation[]> {
  const { sim, scale } = options;
  const seeded: SeededOperation[] = [];
  // The simulator's job timing is one setting for the next job created, so jobs are created in
  // groups of neighbours in length that share their median timing: each group's POSTs go at once.
  const byLength = [...options.jobs].sort((a, b) => a.queuedMs + a.runningMs - (b.queuedMs + b.runningMs));
  for (let from = 0; from < byLength.length; from += groupSize) {
    const group = byLength.slice(from, from + groupSize);
    const mid = group[Math.floor(group.length / 2)]!;
    const timing = { queuedMs: mid.queuedMs, runningMs: mid.runningMs, progressSteps: mid.progressSteps };
    const hold = Math.max(0, (options.startAt ?? 0) - Date.now());
    sim.setJobTiming({
      queuedMs: hold + timing.queuedMs * scale,
      runningMs: timing.runningMs * scale,
      progressSteps: timing.progressSteps,
    });
    const queued = await Promise.all(group.map((planned) => act(sim, planned)));
    for (const [i, planned] of group.entries()) {
      const { vps, operation } = queued[i]!;
      const operationId = await record(options, planned, vps, operation);
      seeded.push({
        operationId,
        vpsName: vps.name,
        channel: options.channelFor(planned.index),
        job: sim.getJob(operation.jobId)!,
        realLengthMs: timing.queuedMs + timing.runningMs,
      });
    }
  }
  return seeded;
}

const groupSize = 20;

/** The acting route for one planned job, over HTTP with the simulator's token. */
async function act(sim: HostUpSimulator, planned: PlannedJob) {
  const name = `web-${String(planned.index + 1).padStart(3, '0')}`;
  const vps = sim.findVpsByName(name);
  if (!vps) throw new Error(`the simulator has no ${name}`);
  let path = `/api/v2/vps/${vps.id}/actions/${planned.action}`;
  if (planned.action === 'restore') {
    const now = Date.now();
    vps.snapshots = [
      {
        name: snapshotName,
        description: 'benchmark',
        createdAt: new Date(now - 3_600_000).toISOString(),
        expiresAt: new Date(now + 86_400_000).toISOString(),
      },
    ];
    path = `/api/v2/vps/${vps.id}/snapshots/${snapshotName}/actions/restore`;
  }
  const answer = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}` },
  });
  const body = (await answer.json()) as { operation?: { jobId: string; pollUrl: string } };
  if (answer.status !== 202 || !body.operation) {
    throw new Error(`the simulator refused ${planned.action} of ${name} (${answer.status})`);
  }
  return { vps: { name, id: vps.id }, operation: body.operation };
}

async function record(
  options: SeedOptions,
  planned: PlannedJob,
  vps: { name: string; id: string },
  queued: { jobId: string; pollUrl: string },
): Promise<string> {
  const id = randomUUID();
  const channel = options.channelFor(planned.index);
  const subject: OperationSubject = {
    operationId: id,
    provider: 'hostup',
    requester: benchOperator,
    action: planned.action,
    targetName: vps.name,
    jobId: queued.jobId,
  };
  const started: Notification = { type: 'operation.started', subject, status: 'queued' };
  const now = Math.max(Date.now(), options.startAt ?? 0);
  const alreadySent = options.root === 'already-sent';
  await options.store.createOperation(
    {
      id,
      provider: 'hostup',
      targetId: vps.id,
      targetName: vps.name,
      action: planned.action,
      requester: benchOperator,
      correlationId: randomUUID(),
      jobId: queued.jobId,
      pollUrl: queued.pollUrl,
      channel,
      status: 'queued',
      startedAt: now,
      nextPollAt: now + options.firstPollMs,
      expectedDurationMs: options.expectedMs(planned.action),
      ...(alreadySent
        ? { rootTs: `${Math.floor(now / 1000)}.${String(planned.index).padStart(6, '0')}` }
        : {}),
      // A resumed operation was followed before the restart: its next poll is due, not planned.
      meta: alreadySent ? { subject, tracker: { planned: true } } : { subject },
    },
    alreadySent
      ? {}
      : {
          messages: [
            {
              kind: 'post',
              channel,
              anchor: 'root',
              payload: started,
              dedupeKey: `${id}:root`,
              nextAttemptAt: now,
            },
          ],
        },
  );
  return id;
}
