/**
 * Benchmark 2 — following many operations. `operations` HostUp jobs in flight at once, seconds to
 * minutes long, behind a rate limit of `limitPerSecond`, with Slack's rate limits enforced by the
 * fake; the bot (tracker + outbox, in its own process) follows every one to its end and replies in
 * each thread. Time is scaled (see `scale`); the final replies are compared with the lower bound
 * Slack's limits imply (bench/lib/post-bound.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/clock.js';
import { createHostUpSimulator } from '../src/simulator/hostup/index.js';
import { defaultMethodLimits } from '../src/simulator/slack/rate-limits.js';
import { createFakeSlack } from '../src/simulator/slack/server.js';
import { scaledBudget, slackDeliveryBudget } from '../src/slack/delivery-budget.js';
import { openStore } from '../src/store/open-store.js';
import { defaultPollSchedule, type PollScheduleOptions } from '../src/tracker/poll-schedule.js';
import { startBotProcess } from './lib/child.js';
import { type BenchAction, drawRunningMs, jobKinds, planJobs } from './lib/job-mix.js';
import { botEnv, waitUntil } from './lib/loopback.js';
import { idealSendTimes, type RequiredPost } from './lib/post-bound.js';
import { seedOperations } from './lib/seed-operations.js';
import { fmt, mulberry32, summarise } from './lib/stats.js';
import { startStatusTap } from './lib/status-tap.js';
import type { BenchSection } from './lib/table.js';
import { watchThreads } from './lib/thread-watch.js';

export interface FollowingManyOptions {
  readonly operations: number;
  /** Wall time per real time: 0.1 runs ten times faster than life. */
  readonly scale: number;
  /** HostUp's limit, in requests per (real) second. */
  readonly limitPerSecond: number;
  /** Give up waiting after this long (wall). Default 600 s. */
  readonly timeoutMs?: number;
  /** Time allowed to create the jobs and boot the bot before the operations start. Default 12 s. */
  readonly holdMs?: number;
}

const goalRssMb = 150;
const goalLoopP99Ms = 20;
/** Job end → the tracker saw it, p95, in real seconds. */
const goalNoticeP95S = 10;
/** Final-reply delay p95 within this many times the lower bound's. */
const goalBoundRatio = 1.5;
const channels = 20;

/** The bot's default poll schedule with every duration multiplied by `scale` (ratios unchanged). */
export function scaledSchedule(scale: number): Partial<PollScheduleOptions> {
  const d = defaultPollSchedule;
  return {
    firstMs: d.firstMs * scale,
    minMs: d.minMs * scale,
    maxMs: d.maxMs * scale,
    nearMs: d.nearMs * scale,
    coldMedianMs: d.coldMedianMs * scale,
  };
}

export async function followingMany(options: FollowingManyOptions): Promise<BenchSection> {
  const { operations: count, scale } = options;
  const random = mulberry32(7);
  const sim = createHostUpSimulator({ count });
  await sim.listen(0, '127.0.0.1');
  const tap = await startStatusTap(sim.url);
  const speed = 1 / scale;
  // Slack's limits, at the run's speed: a second of wall time is 1/scale seconds of Slack's.
  const slack = createFakeSlack({ limits: { speed } });
  await slack.listen(0, '127.0.0.1');
  const dir = mkdtempSync(join(tmpdir(), 'vps-bench-follow-'));
  const databaseUrl = join(dir, 'bot.db');
  const store = await openStore(databaseUrl, { clock: systemClock });
  const watch = watchThreads(slack);
  try {
    // A warm bot knows its typical durations (median of the last 20 per action): prime them.
    const expected = new Map<BenchAction, number | null>();
    for (const action of ['start', ...jobKinds.map((k) => k.action)] as BenchAction[]) {
      for (let i = 0; i < 20; i++) {
        await store.recordDuration('hostup', action, (1_500 + drawRunningMs(action, random)) * scale);
      }
      expected.set(action, await store.typicalDuration('hostup', action));
    }
    // Every operation starts at `startAt`: the bot process boots while the jobs are created and
    // recorded, and HostUp holds them queued until then, so all are in flight at once.
    const startAt = Date.now() + (options.holdMs ?? 12_000);
    const botStarting = startBotProcess({
      kind: 'bot',
      env: botEnv({ sim, slack, databaseUrl, hostupUrl: tap.url }),
      pollSchedule: scaledSchedule(scale),
      outboxIdleMs: Math.max(10, Math.round(250 * scale)),
      deliveryBudget: scaledBudget(slackDeliveryBudget, speed),
    });
    const jobs = planJobs(count, random, (i) => (i + 1) % 10 === 0);
    const seedStarted = performance.now();
    const seeded = await seedOperations({
      sim,
      store,
      jobs,
      scale,
      channelFor: (i) => `CBENCH${String(i % channels).padStart(2, '0')}`,
      firstPollMs: 1000 * scale,
      expectedMs: (action) => expected.get(action) ?? null,
      root: 'enqueue',
      startAt,
    });
    const seedMs = performance.now() - seedStarted;
    const bot = await botStarting;
    const readyAt = bot.ready.timeOrigin + bot.ready.listeningMs;
    // The acting POSTs above are not counted against the limit; every poll from here on is.
    sim.setRateLimit({ limit: options.limitPerSecond, windowMs: 1000 * scale });
    const lateMs = Math.max(0, Date.now() - startAt, readyAt - startAt);
    await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
    const followStarted = performance.now();
    const allFinal = await waitUntil(() => watch.finals.size >= count, options.timeoutMs ?? 600_000, 100);
    const followS = (performance.now() - followStarted) / 1000;
    // Let the last root edits go out, so a late duplicate would be seen too.
    for (let i = 0; i < 100 && (await store.outboxDepth()) > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    const report = await bot.stop(60_000);
    const active = (await store.listActiveOperations()).length;

    const polls = sim.count('GET', /^\/api\/jobs\//);
    const refused = tap.statuses.get(429) ?? 0;
    const delays: number[] = [];
    const noticed: number[] = [];
    const delivered: number[] = [];
    let duplicatedFinals = 0;
    for (const op of seeded) {
      const at = watch.finals.get(op.vpsName);
      if (!at || !op.job.finishedAt) continue;
      if (at.length > 1) duplicatedFinals += at.length - 1;
      const ended = Date.parse(op.job.finishedAt);
      delays.push(at[0]! - ended);
      const terminalAt = (await store.getOperation(op.operationId))?.terminalAt;
      if (terminalAt) {
        noticed.push(terminalAt - ended);
        delivered.push(at[0]! - terminalAt);
      }
    }
    const lost = count - watch.finals.size;
    const delay = summarise(delays);
    const notice = summarise(noticed);
    const delivery = summarise(delivered);
    // The lower bound: roots due at the common start, finals at each job's end, nothing else sent.
    const required: RequiredPost[] = seeded.flatMap((op) =>
      op.job.finishedAt
        ? [
            { op: op.operationId, channel: op.channel, kind: 'root' as const, due: startAt },
            {
              op: op.operationId,
              channel: op.channel,
              kind: 'final' as const,
              due: Date.parse(op.job.finishedAt),
            },
          ]
        : [],
    );
    const ideal = idealSendTimes(required, defaultMethodLimits['chat.postMessage'] ?? [], speed);
    const bound = summarise(
      seeded.flatMap((op) =>
        op.job.finishedAt && ideal.has(`final:${op.operationId}`)
          ? [ideal.get(`final:${op.operationId}`)! - Date.parse(op.job.finishedAt)]
          : [],
      ),
    );
    const slackStats = slack.rateLimits.stats().methods;
    const refusedBySlack = Object.values(slackStats).reduce((sum, c) => sum + c.ratelimited, 0);
    const noticeMet = notice.p95 / 1000 / scale <= goalNoticeP95S;
    const boundMet = delay.p95 <= goalBoundRatio * bound.p95;
    const lengths = summarise(seeded.map((op) => op.realLengthMs / 1000));
    return {
      title: '2. Following many operations',
      setup: [
        `${count} HostUp jobs created through the simulator's acting routes (${count} VPSes) and recorded in the bot's store as the services do, all starting at one instant (HostUp holds them queued until then), then followed by the bot (tracker + outbox, own process) until every thread had its final reply. Threads spread over ${channels} channels.`,
        `Jobs: reset ~8 s, start ~15 s, shutdown ~20 s, restart ~25 s, snapshot restore ~2 min (log-normal), after 0.3–3 s queued, created 20 at a time with their group's median timing; real lengths p50 ${fmt(lengths.p50)} s, p95 ${fmt(lengths.p95)} s, max ${fmt(lengths.max)} s.`,
        `Time scale 1:${fmt(1 / scale, 0)}: job timings, the bot's poll schedule (BotOptions.pollSchedule: first/min ${fmt(1000 * scale, 0)} ms, near ${fmt(2500 * scale, 0)} ms, max ${fmt(30000 * scale, 0)} ms), the first poll, the primed typical durations and the rate-limit window are all ×${scale}. The limit — ${options.limitPerSecond} requests per second of HostUp time — is setRateLimit({limit: ${options.limitPerSecond}, windowMs: ${fmt(1000 * scale, 0)}}).`,
        `Slack's limits on: the fake enforces chat.postMessage at 1/s per channel (bursts of 4) and 300/min per workspace, chat.update at 50/min, at ${fmt(speed, 0)}× speed (\`limits: {speed: ${fmt(speed, 0)}}\`); the bot's delivery budget is Slack's, scaled alike (scaledBudget).`,
        `Goals: 0 lost, 0 duplicated finals; job end → tracker saw it p95 ≤ ${goalNoticeP95S} s real; final-reply delay p95 ≤ ${goalBoundRatio}× the lower bound; peak RSS ≤ ${goalRssMb} MB; event-loop delay p99 ≤ ${goalLoopP99Ms} ms; posts + edits per operation against the minimum of 2 (root + final).`,
      ],
      tables: [
        {
          title: 'The bot process',
          columns: [
            'peak RSS MB',
            'CPU s (user+sys)',
            'event-loop p50 ms',
            'p99 ms',
            'max ms',
            'RSS goal',
            'loop goal',
          ],
          rows: [
            [
              fmt(report.maxRssMb, 0),
              fmt(report.cpuUserS + report.cpuSystemS, 1),
              fmt(report.eventLoopDelayMs.p50),
              fmt(report.eventLoopDelayMs.p99),
              fmt(report.eventLoopDelayMs.max),
              report.maxRssMb <= goalRssMb ? 'met' : 'missed',
              report.eventLoopDelayMs.p99 <= goalLoopP99Ms ? 'met' : 'missed',
            ],
          ],
        },
        {
          title: 'HostUp polling',
          columns: ['poll requests', '429s received', 'polls/op (all)', 'polls/op (answered)', 'answered/s'],
          rows: [
            [
              String(polls),
              String(refused),
              fmt(polls / count, 2),
              fmt((polls - refused) / count, 2),
              fmt((polls - refused) / followS, 0),
            ],
          ],
        },
        {
          title: 'From job end (simulator finishedAt) to the final thread reply',
          columns: ['', 'p50', 'p95', 'max'],
          rows: [
            ['wall ms', fmt(delay.p50, 0), fmt(delay.p95, 0), fmt(delay.max, 0)],
            [
              `≙ real s (÷ ${scale})`,
              fmt(delay.p50 / 1000 / scale),
              fmt(delay.p95 / 1000 / scale),
              fmt(delay.max / 1000 / scale),
            ],
            [
              "lower bound (ideal sender at Slack's limits), wall ms",
              fmt(bound.p50, 0),
              fmt(bound.p95, 0),
              fmt(bound.max, 0),
            ],
            [
              `bot ÷ bound (goal p95 ≤ ${goalBoundRatio}×)`,
              fmt(delay.p50 / bound.p50, 2),
              `${fmt(delay.p95 / bound.p95, 2)} ${boundMet ? 'met' : 'missed'}`,
              fmt(delay.max / bound.max, 2),
            ],
            [
              'of which: job end → tracker saw it, wall ms',
              fmt(notice.p50, 0),
              fmt(notice.p95, 0),
              fmt(notice.max, 0),
            ],
            [
              `job end → tracker saw it, ≙ real s (goal p95 ≤ ${goalNoticeP95S})`,
              fmt(notice.p50 / 1000 / scale),
              `${fmt(notice.p95 / 1000 / scale)} ${noticeMet ? 'met' : 'missed'}`,
              fmt(notice.max / 1000 / scale),
            ],
            [
              'of which: tracker → reply in Slack, wall ms',
              fmt(delivery.p50, 0),
              fmt(delivery.p95, 0),
              fmt(delivery.max, 0),
            ],
          ],
        },
        {
          title: 'Updates',
          columns: [
            'operations',
            'final replies',
            'lost',
            'duplicated finals',
            'repeated replies',
            'still active',
            'posts',
            'edits',
            'posts + edits per op (min 2)',
            '429s from Slack',
          ],
          rows: [
            [
              String(count),
              String([...watch.finals.values()].reduce((s, a) => s + a.length, 0)),
              `${lost} ${lost === 0 ? 'met' : 'missed'}`,
              `${duplicatedFinals} ${duplicatedFinals === 0 ? 'met' : 'missed'}`,
              String(watch.duplicateReplies()),
              String(active),
              String(watch.sent.posts),
              String(watch.sent.updates),
              fmt((watch.sent.posts + watch.sent.updates) / count, 2),
              String(refusedBySlack),
            ],
          ],
        },
      ],
      notes: [
        `Creating and recording the ${count} jobs took ${fmt(seedMs / 1000)} s wall while the bot process booted; ${lateMs > 0 ? `seeding or the boot ran ${fmt(lateMs, 0)} ms past the common start (operations recorded after it started then)` : 'both were done before the common start'}. Following took ${fmt(followS)} s wall (≙ ${fmt(followS / scale / 60)} min real)${allFinal ? '' : ' — stopped at the time limit before every final reply arrived'}.`,
        `Lower bound: each post's earliest send time if the bot knew every job's end the instant it happened and posted nothing but the roots (due at the common start) and the final replies (due at each job's end), at exactly the rate the fake allows chat.postMessage (its token buckets per channel and per workspace, at the run's speed), oldest due first, each final after its root; the bound of an operation is its final's send time minus its job's end (bench/lib/post-bound.ts). With every root due at once, the workspace ceiling (300/min) sets it: ${count} roots and ${count} finals need ${fmt((2 * count) / ((300 * speed) / 60), 0)} s wall at the least.`,
        `Not scaled: the thread policy (a progress reply at most every 30 s, a root edit every 10 s: BotOptions has no seam for it), so threads get fewer progress replies than in real time; Retry-After, which both simulators send in whole seconds (≥ 1 s wall ≙ ${fmt(1 / scale, 0)} s real), so a 429 costs more; and the bot's own work per poll and per message, which is squeezed into ${fmt(scale * 100, 0)} % of the real time (the CPU and event-loop figures are a ${fmt(1 / scale, 0)}× denser load than life).`,
        'HostUp 429s are counted by a pass-through proxy between the bot and the simulator (the simulator records requests but not its answers); Slack 429s by the fake Slack.',
        'The bot runs bundled as `npm run build` bundles it, under plain node. Peak RSS is the bot process over its whole life (Node, Bolt, SQLite); CPU and event-loop delay from "listening" to stop.',
      ],
    };
  } finally {
    watch.stop();
    await store.close();
    await tap.close();
    await slack.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
