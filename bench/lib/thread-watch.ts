import type { FakeSlack } from '../../src/simulator/slack/server.js';

export interface ThreadWatch {
  /** VPS name → when each final reply (completed, failed or gave up) reached Slack (epoch ms). */
  readonly finals: ReadonlyMap<string, readonly number[]>;
  /** Thread replies posted more than once with the same text in the same thread. */
  duplicateReplies(): number;
  /** Successful chat.postMessage / chat.update calls seen. */
  readonly sent: { posts: number; updates: number };
  stop(): void;
}

const finalText = /— completed in |failed after |^:hourglass_flowing_sand: Stopped following /;
const vpsName = /\bweb-\d+\b/;

/**
 * Watches what the bot sends the fake Slack as it happens: each operation's final thread reply
 * (found by its text and the VPS name in it) with its arrival time, and any repeated reply.
 */
export function watchThreads(slack: FakeSlack): ThreadWatch {
  const finals = new Map<string, number[]>();
  const replies = new Map<string, number>();
  const sent = { posts: 0, updates: 0 };
  let scanned = 0;
  const unsubscribe = slack.onChange(() => {
    const calls = slack.calls;
    for (; scanned < calls.length; scanned++) {
      const call = calls[scanned]!;
      if (!call.ok) continue;
      if (call.method === 'chat.update') sent.updates++;
      if (call.method !== 'chat.postMessage') continue;
      sent.posts++;
      const thread = call.args.thread_ts;
      const text = typeof call.args.text === 'string' ? call.args.text : '';
      if (typeof thread !== 'string') continue;
      const key = `${String(call.args.channel)}|${thread}|${text}`;
      replies.set(key, (replies.get(key) ?? 0) + 1);
      const name = vpsName.exec(text)?.[0];
      if (name && finalText.test(text)) finals.set(name, [...(finals.get(name) ?? []), call.at]);
    }
  });
  return {
    finals,
    sent,
    duplicateReplies: () => [...replies.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0),
    stop: unsubscribe,
  };
}
