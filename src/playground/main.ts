/**
 * `npm run playground`: the bot, the HostUp simulator and a Slack-like page, in one process.
 * PLAYGROUND_PORT (default 3333), PLAYGROUND_HOST (default 127.0.0.1), LOG_LEVEL (default warn),
 * PLAYGROUND_DATA_DIR (keep the database there; default a temp dir removed on exit).
 */
import type { LogLevel } from '../config.js';
import { startPlayground } from './playground.js';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const level = (process.env.LOG_LEVEL ?? '').toLowerCase();
const dataDir = process.env.PLAYGROUND_DATA_DIR;

const playground = await startPlayground({
  port: Number(process.env.PLAYGROUND_PORT ?? 3333),
  host: process.env.PLAYGROUND_HOST ?? '127.0.0.1',
  ...(levels.includes(level) ? { logLevel: level as LogLevel } : {}),
  ...(dataDir ? { dataDir } : {}),
});
process.stdout.write(`vps-chatops playground: open ${playground.url}\n`);
process.stdout.write(
  'Be Ana (operator) and type /vps help, /vps list or /vps restart web-01. Ctrl-C stops.\n',
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  playground.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
