import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

const boltToPino: Record<string, string> = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' };

/** Bolt logs through our pino logger, so its lines are redacted and structured like ours. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: (level: LogLevel) => {
      child.level = boltToPino[level] ?? 'info';
    },
    getLevel: () => child.level as LogLevel,
    setName: () => undefined,
  };
}
