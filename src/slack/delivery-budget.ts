import type { DeliveryBudget } from '../store/store.js';

/**
 * What the outbox may send to Slack, per message kind (docs: "Rate limits in practice"):
 * chat.postMessage about 1 per second per channel with short bursts, under a workspace ceiling of
 * several hundred a minute; chat.update Tier 3 (≈ 50/min); chat.postEphemeral Tier 4 (≈ 100/min).
 * Each is a little under Slack's figure, with a smaller burst, so the bot's own timing (a send
 * reaching Slack a moment later than it was charged) never tips it into a 429.
 */
export const slackDeliveryBudget: DeliveryBudget = {
  post: [
    { per: 'channel', perMinute: 60, burst: 3 },
    { per: 'workspace', perMinute: 280, burst: 20 },
  ],
  update: [{ per: 'workspace', perMinute: 48, burst: 6 }],
  ephemeral: [{ per: 'workspace', perMinute: 95, burst: 15 }],
};

/** The budget of a run `speed` times faster than life (benchmarks scale Slack's limits alike). */
export function scaledBudget(budget: DeliveryBudget, speed: number): DeliveryBudget {
  return Object.fromEntries(
    Object.entries(budget).map(([kind, rules]) => [
      kind,
      (rules ?? []).map((rule) => ({ ...rule, perMinute: rule.perMinute * speed })),
    ]),
  );
}
