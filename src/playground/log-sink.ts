import { Writable } from 'node:stream';

/** One line of the bot's log as the page shows it (already scrubbed of secrets by the logger). */
export interface UiLogLine {
  readonly time: number;
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  readonly msg: string;
  readonly component?: string;
  readonly correlationId?: string;
}

const levels: Record<number, UiLogLine['level']> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const numbers: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: 100,
};

/**
 * Where the playground's bot logs: every line goes to the page (`onLine`), and the lines at or
 * above `terminalLevel` also to the terminal that runs `npm run playground`, as JSON.
 */
export function logSink(onLine: (line: UiLogLine) => void, terminalLevel: string): Writable {
  const threshold = numbers[terminalLevel] ?? 40;
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const raw of lines) {
        if (raw.trim() === '') continue;
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          continue;
        }
        const level = Number(parsed.level);
        onLine({
          time: typeof parsed.time === 'number' ? parsed.time : Date.now(),
          level: levels[level] ?? 'info',
          msg: String(parsed.msg ?? ''),
          ...(typeof parsed.component === 'string' ? { component: parsed.component } : {}),
          ...(typeof parsed.correlationId === 'string' ? { correlationId: parsed.correlationId } : {}),
        });
        if (level >= threshold) process.stdout.write(`${raw}\n`);
      }
      done();
    },
  });
}
