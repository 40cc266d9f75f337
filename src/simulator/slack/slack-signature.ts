import { createHmac } from 'node:crypto';

/**
 * Signs a request body the way Slack does: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * keyed with the app's signing secret. `timestampSec` is what goes in X-Slack-Request-Timestamp.
 */
export function signSlackRequest(signingSecret: string, timestampSec: number, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex');
  return `v0=${hmac}`;
}
