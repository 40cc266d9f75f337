/**
 * `node dist/healthcheck.js`: the container's HEALTHCHECK. node:20-slim has no curl, so this asks
 * the bot's own `GET /healthz` on 127.0.0.1:$PORT (default 3000) and exits 0 on a 200 within 3 s,
 * 1 otherwise. It loads nothing of the bot, so it costs a few milliseconds every interval.
 */
import { get } from 'node:http';

const port = Number(process.env.PORT || 3000);
const timeoutMs = 3_000;

const fail = (why: string) => {
  process.stderr.write(`healthcheck: ${why}\n`);
  process.exit(1);
};

if (!Number.isInteger(port) || port < 1 || port > 65535) fail('PORT is not a port number');
const req = get({ host: '127.0.0.1', port, path: '/healthz', timeout: timeoutMs }, (res) => {
  res.resume();
  if (res.statusCode === 200) process.exit(0);
  fail(`GET /healthz answered ${res.statusCode}`);
});
req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
req.on('error', (error) => fail(error.message));
