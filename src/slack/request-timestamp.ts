import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';

/** Slack's replay window: a request dated further than this from now, either way, is refused. */
export const maxRequestSkewSeconds = 5 * 60;

/**
 * Puts a check in front of the HTTP receiver's request handling: a request to Slack's endpoint
 * whose `X-Slack-Request-Timestamp` is more than 5 minutes from now gets 401 before Bolt reads
 * it. Bolt refuses old timestamps but accepts future ones, and a request signed with a date ahead
 * could be replayed until that date has passed. Bolt still checks the signature (and the rest) of
 * everything let through; a missing or unreadable header is left to it.
 */
export function refuseDistantTimestamps(
  receiver: HTTPReceiver,
  options: { readonly path: string; readonly clock: Clock; readonly logger: Logger },
): void {
  const handle = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = typeof header === 'string' && header.trim() !== '' ? Number(header) : Number.NaN;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const skewSeconds = timestamp - options.clock.now() / 1000;
    if (req.method === 'POST' && path === options.path && Math.abs(skewSeconds) > maxRequestSkewSeconds) {
      options.logger.warn(
        { skewSeconds: Math.round(skewSeconds) },
        'refused a Slack request dated more than 5 minutes from now',
      );
      req.resume();
      res.writeHead(401);
      res.end();
      return;
    }
    handle(req, res);
  };
}
