import type { LimitRule } from '../../src/simulator/slack/rate-limits.js';

/** A post the bot must make: the root of an operation (due when it starts) or its final reply. */
export interface RequiredPost {
  readonly op: string;
  readonly channel: string;
  readonly kind: 'root' | 'final';
  /** When it could go at the earliest (wall epoch ms): the start, or the job's end. */
  readonly due: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * The lower bound benchmark 2 compares the final replies with: when each required post would
 * reach Slack if the bot knew every job's end the instant it happened and sent nothing but the
 * roots and final replies, at exactly the rate chat.postMessage allows (the fake's token buckets:
 * per channel and workspace-wide, at the run's speed), oldest due first, each final after its
 * root (in one channel's order). Returns each post's send time, by `${kind}:${op}`.
 */
export function idealSendTimes(
  posts: readonly RequiredPost[],
  rules: readonly LimitRule[],
  speed: number,
): Map<string, number> {
  const perMs = (rule: LimitRule) => (rule.perMinute * speed) / 60_000;
  const channelRule = rules.find((r) => r.per === 'channel');
  const workspaceRule = rules.find((r) => r.per === 'workspace');
  const queues = new Map<string, RequiredPost[]>();
  for (const post of [...posts].sort((a, b) => a.due - b.due || (a.kind === 'root' ? -1 : 1))) {
    const queue = queues.get(post.channel) ?? [];
    queue.push(post);
    queues.set(post.channel, queue);
  }
  const start = Math.min(...posts.map((p) => p.due));
  const buckets = new Map<string, Bucket>();
  const bucket = (key: string, rule: LimitRule) => {
    let b = buckets.get(key);
    if (!b) {
      b = { tokens: rule.burst, at: start };
      buckets.set(key, b);
    }
    return b;
  };
  /** When the bucket holds a whole token again, from `t` on. */
  const readyAt = (b: Bucket, rule: LimitRule, t: number) => {
    const tokens = Math.min(rule.burst, b.tokens + (t - b.at) * perMs(rule));
    return tokens >= 1 ? t : t + (1 - tokens) / perMs(rule);
  };
  const spend = (b: Bucket, rule: LimitRule, t: number) => {
    b.tokens = Math.min(rule.burst, b.tokens + (t - b.at) * perMs(rule)) - 1;
    b.at = t;
  };
  const heads = new Map<string, number>([...queues.keys()].map((c) => [c, 0]));
  const sent = new Map<string, number>();
  let now = start;
  for (let left = posts.length; left > 0; left--) {
    let best: { channel: string; at: number; due: number } | null = null;
    for (const [channel, queue] of queues) {
      const post = queue[heads.get(channel)!];
      if (!post) continue;
      let at = Math.max(now, post.due);
      if (channelRule) at = readyAt(bucket(`c:${channel}`, channelRule), channelRule, at);
      if (!best || at < best.at || (at === best.at && post.due < best.due))
        best = { channel, at, due: post.due };
    }
    if (!best) break;
    let at = best.at;
    if (workspaceRule) at = readyAt(bucket('w', workspaceRule), workspaceRule, at);
    const post = queues.get(best.channel)![heads.get(best.channel)!]!;
    if (channelRule) spend(bucket(`c:${best.channel}`, channelRule), channelRule, at);
    if (workspaceRule) spend(bucket('w', workspaceRule), workspaceRule, at);
    heads.set(best.channel, heads.get(best.channel)! + 1);
    sent.set(`${post.kind}:${post.op}`, at);
    now = at;
  }
  return sent;
}
