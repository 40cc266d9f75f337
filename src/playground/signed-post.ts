import { request } from 'node:http';
import { signSlackRequest } from '../simulator/slack/slack-signature.js';

export interface PostAnswer {
  status: number;
  /** Parsed JSON when the answer was JSON (a view submission's `response_action`), else undefined. */
  json: unknown;
}

/**
 * POSTs a body (a form; JSON for an Events API delivery) to the bot's /slack/events exactly as
 * Slack does: signed with the app's signing secret (`v0=` HMAC-SHA256 over `v0:<ts>:<raw body>`)
 * with a fresh timestamp.
 */
export function postSigned(
  url: string,
  signingSecret: string,
  body: string,
  contentType = 'application/x-www-form-urlencoded',
): Promise<PostAnswer> {
  const timestamp = Math.floor(Date.now() / 1000);
  return postForm(
    url,
    body,
    {
      'x-slack-signature': signSlackRequest(signingSecret, timestamp, body),
      'x-slack-request-timestamp': String(timestamp),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    },
    contentType,
  );
}

/**
 * One POST (a form unless told) on its own connection (no keep-alive socket outlives the playground), given up
 * after 10 s. Slack itself gives an app 3 s; the bot's receiver answers 404 past that.
 */
export function postForm(
  url: string,
  body: string,
  headers: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
): Promise<PostAnswer> {
  const allHeaders = {
    ...headers,
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
  };
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: allHeaders, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = res.headers['content-type']?.includes('application/json') ?? false;
          resolve({
            status: res.statusCode ?? 0,
            json: isJson && text !== '' ? parseOrUndefined(text) : undefined,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
