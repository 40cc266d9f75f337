/**
 * Benchmark 1 — ack latency. Slack waits 3 s for the HTTP 200 of a slash command or a click; the
 * bot acks first and answers later through response_url. Here HostUp answers every call after 2 s,
 * and Slack sends `rate` signed requests a second (open loop: on schedule, whatever the answers) to
 * the bot, then to a naive Bolt app that awaits HostUp before acking, in the same run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHostUpSimulator } from '../src/simulator/hostup/index.js';
import { blockActionsPayload, slashCommandPayload } from '../src/simulator/slack/interaction-payloads.js';
import { createFakeSlack, type FakeSlack } from '../src/simulator/slack/server.js';
import { startBotProcess } from './lib/child.js';
import type { ChildReport, ChildSpec } from './lib/child-protocol.js';
import { benchChannel, benchOperator, benchSigningSecret, botEnv, postSigned } from './lib/loopback.js';
import { fmt, summarise } from './lib/stats.js';
import type { BenchSection } from './lib/table.js';

export interface AckLatencyOptions {
  /** How long the load lasts. Default 20 s (BENCH_SECONDS). */
  readonly seconds: number;
  /** Requests per second. Default 100. */
  readonly rate: number;
  /** Every HostUp answer comes this late. Default 2000 ms. */
  readonly hostupLatencyMs: number;
}

const slackTimeoutMs = 3_000;
const clientTimeoutMs = 10_000;
/** The bot's p99 may be at most this many times a bare Bolt app's (which acks and does nothing). */
const goalRatio = 1.5;

type Kind = 'show' | 'list' | 'click show' | 'click more' | 'click cancel';
/** Out of every 10 requests: 4 `/vps show web-01`, 2 `/vps list`, 2 clicks on a VPS row, 1 "more", 1 Cancel. */
const mix: readonly Kind[] = [
  'show',
  'list',
  'click show',
  'show',
  'click more',
  'show',
  'list',
  'click show',
  'show',
  'click cancel',
];

interface Sent {
  readonly kind: Kind;
  readonly status: number;
  readonly ms: number;
  /** How late the generator sent it against its schedule. */
  readonly lagMs: number;
}

/** A signed-request body for each request, built up front so the generator only signs and sends. */
function buildBodies(fake: FakeSlack, count: number): { kind: Kind; body: string }[] {
  const user = benchOperator;
  const channel = benchChannel;
  const click = (actionId: string, value: string) => {
    const built = blockActionsPayload(
      fake,
      { user, channel, actionId, value, messageTs: '1700000000.000100', container: 'ephemeral' },
      Date.now(),
    );
    return new URLSearchParams({ payload: JSON.stringify(built.payload) }).toString();
  };
  const slash = (text: string) =>
    new URLSearchParams(
      slashCommandPayload(fake, { user, channel, text }).payload as Record<string, string>,
    ).toString();
  const bodyFor: Record<Kind, () => string> = {
    show: () => slash('show web-01'),
    list: () => slash('list'),
    'click show': () => click('vps.show:vps_web01', 'vps_web01'),
    'click more': () => click('vps.list.more', JSON.stringify({ filter: '', offset: 2 })),
    // A confirmation nobody holds (expired or someone else's): answered "closed", nothing acts.
    'click cancel': () => click('vps.cancel', randomUUID()),
  };
  return Array.from({ length: count }, (_, i) => {
    const kind = mix[i % mix.length]!;
    return { kind, body: bodyFor[kind]() };
  });
}

/** Sends every body on its schedule (open loop) and resolves when all were answered or timed out. */
async function runLoad(url: string, bodies: { kind: Kind; body: string }[], rate: number): Promise<Sent[]> {
  const interval = 1000 / rate;
  const pending: Promise<Sent>[] = [];
  const t0 = performance.now();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < bodies.length && t0 + i * interval <= now) {
        const { kind, body } = bodies[i]!;
        const lagMs = now - (t0 + i * interval);
        pending.push(
          postSigned(url, body, { signingSecret: benchSigningSecret, timeoutMs: clientTimeoutMs }).then(
            (r) => ({ kind, status: r.status, ms: r.ms, lagMs }),
          ),
        );
        i++;
      }
      if (i >= bodies.length) return resolve();
      setTimeout(tick, Math.max(0, t0 + i * interval - performance.now()));
    };
    tick();
  });
  return Promise.all(pending);
}

interface VariantResult {
  readonly name: string;
  readonly sent: Sent[];
  readonly report: ChildReport;
  readonly responseUrlPosts: number;
  readonly wallS: number;
}

export async function ackLatency(options: AckLatencyOptions): Promise<BenchSection> {
  const sim = createHostUpSimulator();
  await sim.listen(0, '127.0.0.1');
  sim.inject({ kind: 'latency', ms: options.hostupLatencyMs, times: Number.POSITIVE_INFINITY });
  const slack = createFakeSlack();
  await slack.listen(0, '127.0.0.1');
  const dir = mkdtempSync(join(tmpdir(), 'vps-bench-ack-'));
  const count = Math.round(options.seconds * options.rate);
  const variants: { name: string; spec: ChildSpec }[] = [
    {
      name: 'bot (ack first, answer via response_url)',
      spec: {
        kind: 'bot',
        env: botEnv({ sim, slack, databaseUrl: join(dir, 'bot.db') }),
      },
    },
    {
      name: 'bare Bolt app (acks, does nothing else)',
      spec: {
        kind: 'bare',
        hostupUrl: sim.url,
        hostupToken: sim.token,
        signingSecret: benchSigningSecret,
        slackApiUrl: slack.apiUrl,
        botToken: slack.botToken,
      },
    },
    {
      name: 'naive (await HostUp, then ack)',
      spec: {
        kind: 'naive',
        hostupUrl: sim.url,
        hostupToken: sim.token,
        signingSecret: benchSigningSecret,
        slackApiUrl: slack.apiUrl,
        botToken: slack.botToken,
      },
    },
  ];
  const results: VariantResult[] = [];
  try {
    for (const variant of variants) {
      const bodies = buildBodies(slack, count);
      const child = await startBotProcess(variant.spec);
      const url = `http://127.0.0.1:${child.ready.port}/slack/events`;
      // One second of the same load first, not counted: the JIT warms up, as it would in production.
      await runLoad(url, buildBodies(slack, options.rate), options.rate);
      const postsBefore = slack.callsTo('response_url').length;
      const started = performance.now();
      const sent = await runLoad(url, bodies, options.rate);
      const wallS = (performance.now() - started) / 1000;
      const report = await child.stop();
      results.push({
        name: variant.name,
        sent,
        report,
        responseUrlPosts: slack.callsTo('response_url').length - postsBefore,
        wallS,
      });
    }
  } finally {
    await slack.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return section(options, count, results);
}

function section(options: AckLatencyOptions, count: number, results: VariantResult[]): BenchSection {
  const bareP99 = summarise(results.find((r) => r.name.startsWith('bare'))?.sent.map((x) => x.ms) ?? []).p99;
  const rows = results.map((r) => {
    const ok = r.sent.filter((s) => s.status === 200);
    const s = summarise(r.sent.map((x) => x.ms));
    const late = r.sent.filter((x) => x.status !== 200 || x.ms > slackTimeoutMs).length;
    const met = s.p99 <= goalRatio * bareP99 && late === 0;
    return [
      r.name,
      String(r.sent.length),
      String(ok.length),
      fmt(s.p50),
      fmt(s.p99),
      fmt(s.max),
      String(late),
      fmt(s.p99 / bareP99, 2),
      r.name.startsWith('bare') ? '(the floor)' : met ? 'met' : 'missed',
    ];
  });
  const kinds: Kind[] = ['show', 'list', 'click show', 'click more', 'click cancel'];
  const byKind = results.map((r) => [
    shortName(r.name),
    ...kinds.map((k) => fmt(summarise(r.sent.filter((s) => s.kind === k).map((s) => s.ms)).p99)),
  ]);
  const processRows = results.map((r) => [
    shortName(r.name),
    fmt(r.report.cpuUserS + r.report.cpuSystemS, 2),
    fmt(r.report.maxRssMb, 0),
    fmt(r.report.eventLoopDelayMs.p99),
    String(r.responseUrlPosts),
    fmt(summarise(r.sent.map((s) => s.lagMs)).p99),
  ]);
  return {
    title: '1. Ack latency (HTTP mode)',
    setup: [
      `${count} signed requests at ${options.rate}/s for ${options.seconds} s, open loop, each on a fresh connection, after 1 s of the same load not counted (warm-up); HostUp answers every call after ${options.hostupLatencyMs} ms.`,
      `Mix per 10: 4 \`/vps show web-01\`, 2 \`/vps list\`, 2 clicks on a \`vps.show:*\` row, 1 list "more", 1 Cancel (of a confirmation nobody holds). Nothing acting is confirmed.`,
      `Goal: the bot's p99 to Slack's 200 within ${goalRatio}× a bare Bolt app's (same receiver and signature check, every listener acks at once and does nothing else), none over 3 s (Slack's limit). Each app runs in its own process, bundled as \`npm run build\` bundles the bot, under plain node.`,
    ],
    tables: [
      {
        title: 'Time to the HTTP 200 (ms)',
        columns: ['app', 'sent', '200s', 'p50', 'p99', 'max', '> 3 s or no 200', 'p99 ÷ bare', 'goal'],
        rows,
      },
      { title: 'p99 by request kind (ms)', columns: ['app', ...kinds], rows: byKind },
      {
        title: 'The app process during the load',
        columns: [
          'app',
          'CPU s',
          'peak RSS MB',
          'event-loop p99 ms',
          'response_url posts',
          'generator lag p99 ms',
        ],
        rows: processRows,
      },
    ],
    notes: [
      'response_url posts: private answers the app sent by the time it stopped (the naive app answers inside the ack instead).',
      'generator lag: how late the load generator sent a request against its schedule (the generator, fakes and simulator share the other process).',
    ],
  };
}

const shortName = (name: string) => name.split(' (')[0]!;
