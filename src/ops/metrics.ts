import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/store.js';

/** What the gauges read when Prometheus scrapes: current figures from the store. */
export interface MetricsSources {
  readonly outboxDepth: () => Promise<number>;
  readonly pendingApprovals: () => Promise<number>;
  readonly activeOperations: () => Promise<Record<string, number>>;
}

/** The gauges' figures as the store has them now. */
export function storeSources(store: Store): MetricsSources {
  return {
    outboxDepth: () => store.outboxDepth(),
    pendingApprovals: async () => (await store.listPendingApprovals()).length,
    activeOperations: async () => {
      const counts: Record<string, number> = {};
      for (const op of await store.listActiveOperations())
        counts[op.provider] = (counts[op.provider] ?? 0) + 1;
      return counts;
    },
  };
}

/**
 * The bot's Prometheus metrics, on a registry of its own (several bots in one test process must
 * not share counters). Counters are bumped where things happen; gauges are read at scrape time.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'surface' | 'outcome'>;
  readonly ackLatency: Histogram<'surface'>;
  readonly polls: Counter<'provider' | 'outcome'>;
  readonly apiErrors: Counter<'provider' | 'code'>;
  readonly rateLimited: Counter<'provider'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'vps_chatops_' });
    this.requests = new Counter({
      name: 'vps_chatops_requests_total',
      help: 'Slash commands and clicks handled, by surface (command, click, view) and outcome',
      labelNames: ['surface', 'outcome'],
      registers,
    });
    this.ackLatency = new Histogram({
      name: 'vps_chatops_ack_seconds',
      help: 'Time from receiving a Slack request to acknowledging it',
      labelNames: ['surface'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers,
    });
    this.polls = new Counter({
      name: 'vps_chatops_polls_total',
      help: 'Operation polls, by provider and outcome',
      labelNames: ['provider', 'outcome'],
      registers,
    });
    this.apiErrors = new Counter({
      name: 'vps_chatops_api_errors_total',
      help: 'Errors answered by HostUp or Huawei, by provider and code',
      labelNames: ['provider', 'code'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'vps_chatops_rate_limited_total',
      help: 'HTTP 429 answers received from a provider',
      labelNames: ['provider'],
      registers,
    });
    new Gauge({
      name: 'vps_chatops_outbox_depth',
      help: 'Messages owed to Slack and not yet sent',
      registers,
      async collect() {
        this.set(await sources.outboxDepth());
      },
    });
    new Gauge({
      name: 'vps_chatops_approvals_pending',
      help: 'Approval requests waiting for a decision',
      registers,
      async collect() {
        this.set(await sources.pendingApprovals());
      },
    });
    new Gauge({
      name: 'vps_chatops_operations_followed',
      help: 'Operations being followed, by provider',
      labelNames: ['provider'],
      registers,
      async collect() {
        this.reset();
        for (const [provider, count] of Object.entries(await sources.activeOperations())) {
          this.set({ provider }, count);
        }
      },
    });
  }

  /** Times an ack: call the returned function right after `ack()` resolved. */
  startAck(surface: string): () => void {
    return this.ackLatency.startTimer({ surface });
  }
}
