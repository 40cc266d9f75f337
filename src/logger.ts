import { createRequire } from 'node:module';
import { type Logger, pino } from 'pino';
import type PinoPretty from 'pino-pretty';
import { currentCorrelationId } from './correlation.js';

export type { Logger } from 'pino';

/** Keys whose values are secrets wherever they appear in a logged object. */
const secretKey = /token|secret|password|passwd|authorization|cookie|api[-_]?key|signature/i;
const redacted = '[redacted]';

export interface LoggerOptions {
  readonly level?: string;
  /** Known secret values (tokens from the config): scrubbed from every string, keys or not. */
  readonly secrets?: readonly string[];
  /**
   * Human-readable lines; defaults to true when stdout is a terminal. Needs the optional
   * pino-pretty package: without it (a production install) the lines stay JSON.
   */
  readonly pretty?: boolean;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * The bot's pino logger. Secrets are removed twice over: by key name (`token`, `authorization`,
 * `password`, … at any depth) and by value (every configured secret, inside any string,
 * including the message and error stacks), so a secret cannot leak through an unexpected field.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const scrub = (value: unknown) => scrubValue(value, secrets, new WeakSet());
  const pretty = (options.pretty ?? Boolean(process.stdout.isTTY)) ? loadPinoPretty() : null;
  const destination =
    options.destination ??
    pretty?.({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) ??
    undefined;
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      serializers: { err: (err: unknown) => scrub(serializeError(err)) },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? scrubString(a, secrets) : a));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    destination as NodeJS.WritableStream & { write: (s: string) => boolean },
  );
}

/**
 * pino-pretty only formats lines for a terminal, so it is an optional dependency, loaded only when
 * wanted: a production install (`npm ci --omit=dev --omit=optional`) does without it, and the
 * bot's start does not pay for loading it.
 */
function loadPinoPretty(): typeof PinoPretty | null {
  try {
    return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
}

function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  for (const [k, v] of Object.entries(err)) out[k] = v;
  if (err.cause !== undefined) out.cause = serializeError(err.cause);
  return out;
}

function scrubString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(redacted);
  // Bearer tokens and Slack tokens we were not told about still never reach a line.
  return out
    .replace(/\b(Bearer)\s+[\w.~+/=-]+/gi, `$1 ${redacted}`)
    .replace(/\bx(?:oxb|oxp|app)-[\w-]+/g, redacted);
}

function scrubValue(value: unknown, secrets: readonly string[], seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubString(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) return scrubValue(serializeError(value), secrets, seen);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = secretKey.test(k) && v != null && v !== '' ? redacted : scrubValue(v, secrets, seen);
  }
  return out;
}
