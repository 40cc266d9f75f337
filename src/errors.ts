import type { ErrorInfo } from './domain/refusals.js';

export type { ErrorInfo } from './domain/refusals.js';

/**
 * One error base for the whole bot. Every error we raise carries a stable, machine-readable
 * `code` (branch on it, never on the message) and, where it wraps another, the original `cause`.
 *
 * `toUserMessage()` is the one place that turns any error into a sentence a person can act on.
 */

/** Base for every error the bot raises on purpose. */
export class AppError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * An error whose message was written for the person at the keyboard: it is shown as is.
 * `hint` says what to do next.
 */
export class UserError extends AppError {
  readonly hint: string | undefined;

  constructor(code: string, message: string, options?: { hint?: string; cause?: unknown }) {
    super(code, message, options);
    this.hint = options?.hint;
  }
}

/** Configuration that cannot be used; `problems` names every bad or missing variable. */
export class ConfigError extends AppError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('config_invalid', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** A field-level complaint from an API (`errors[]` in a Problem Details body). */
export interface FieldError {
  readonly pointer?: string | undefined;
  readonly detail: string;
  readonly code?: string | undefined;
}

/**
 * A provider (HostUp, Huawei) answered with an error. `code` is the provider's own code
 * (`vps_not_found`, `WKS.00211102`, …) or one of ours for bodies we could not read.
 */
export class ProviderError extends AppError {
  readonly provider: string;
  readonly status: number;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly fieldErrors: readonly FieldError[];
  /**
   * True when the answer carried the provider's own error body (Problem Details or its older
   * shape), so `code` is the provider's word; false for an empty or unreadable body, or a success
   * we could not read. Only such an answer proves the provider refused (see actingCallOutcome).
   */
  readonly fromErrorBody: boolean;

  constructor(args: {
    provider: string;
    status: number;
    code: string;
    detail: string;
    requestId?: string | undefined;
    fieldErrors?: readonly FieldError[];
    fromErrorBody?: boolean;
    cause?: unknown;
  }) {
    super(args.code, `${args.provider} answered ${args.status} ${args.code}: ${args.detail}`, {
      cause: args.cause,
    });
    this.provider = args.provider;
    this.status = args.status;
    this.detail = args.detail;
    this.requestId = args.requestId;
    this.fieldErrors = args.fieldErrors ?? [];
    this.fromErrorBody = args.fromErrorBody ?? false;
  }
}

/** The provider asked us to slow down (HTTP 429) and we gave up waiting. */
export class RateLimitedError extends ProviderError {
  readonly retryAfterMs: number;

  constructor(args: ConstructorParameters<typeof ProviderError>[0] & { retryAfterMs: number }) {
    super(args);
    this.retryAfterMs = args.retryAfterMs;
  }
}

/**
 * Codes for failures below HTTP: they tell whether a request may have reached the server,
 * which decides whether an acting call may be retried (only `connect_refused` is provably safe).
 */
export const TransportCode = {
  connectRefused: 'connect_refused',
  connectTimeout: 'connect_timeout',
  headersTimeout: 'headers_timeout',
  bodyTimeout: 'body_timeout',
  connectionLost: 'connection_lost',
  network: 'network_error',
} as const;
export type TransportCode = (typeof TransportCode)[keyof typeof TransportCode];

/** The request failed on the way: no usable HTTP answer came back. */
export class TransportError extends AppError {
  readonly provider: string;
  /** True when the request may have reached the server (so an acting call may have happened). */
  readonly mayHaveReachedServer: boolean;

  constructor(args: {
    provider: string;
    code: TransportCode;
    message: string;
    mayHaveReachedServer: boolean;
    cause?: unknown;
  }) {
    super(args.code, args.message, { cause: args.cause });
    this.provider = args.provider;
    this.mayHaveReachedServer = args.mayHaveReachedServer;
  }
}

/**
 * An id (VPS id, snapshot name, backup id) or a job's pollUrl whose shape could not be a real
 * one: empty, a dot segment, a path or query character, whitespace, a control character, too
 * long, or a pollUrl off the API. Refused before any request is built, so nothing was sent.
 */
export class ProviderIdError extends AppError {
  readonly provider: string;
  /** Which value was refused: `vpsId`, `snapshotName`, `backupId`, `sourceVpsId`, `action`, `pollUrl`. */
  readonly field: string;

  constructor(args: {
    provider: string;
    code: 'invalid_provider_id' | 'invalid_poll_url';
    field: string;
    message: string;
  }) {
    super(args.code, args.message);
    this.provider = args.provider;
    this.field = args.field;
  }
}

/**
 * What a failed acting call (start, restart, restore, hostname change, snapshot …) tells about
 * the server: `not_acted` only when the provider provably did nothing, `unknown` otherwise.
 *
 * `not_acted`: a 4xx answer with the provider's own error body (it looked at the request and
 * refused it); any 429, including one the client gave up waiting on (the retry rule already
 * treats a 429 as "refused", which is why it may resend it); a TransportError whose request
 * never left (`mayHaveReachedServer` false: connection refused, connect timeout); and our own
 * ProviderIdError, thrown before anything was sent.
 *
 * `unknown`, to be said as such and never retried blindly: a timeout after sending, a dropped
 * connection, any 5xx (HostUp may have queued the job before failing), a 4xx whose body is empty
 * or not the provider's (a proxy may have answered), a 2xx whose body could not be read, and any
 * other error.
 */
export function actingCallOutcome(error: unknown): 'not_acted' | 'unknown' {
  if (error instanceof ProviderIdError) return 'not_acted';
  if (error instanceof TransportError) return error.mayHaveReachedServer ? 'unknown' : 'not_acted';
  if (error instanceof ProviderError) {
    if (error.status === 429) return 'not_acted';
    if (error.status >= 400 && error.status < 500 && error.fromErrorBody) return 'not_acted';
  }
  return 'unknown';
}

const providerAdvice: Record<string, string> = {
  unauthorized: 'The API token was refused: ask an admin to check the bot’s API key.',
  forbidden: 'The API key lacks a permission for this: ask an admin to check its scopes.',
  verification_failed: 'The account needs verification with the provider before this can run.',
  vps_not_found: 'Check the VPS name with `/vps list`.',
  vps_not_ready: 'The server is busy with another operation: try again when it has finished.',
  rate_limited: 'The provider is rate-limiting the bot: wait a minute and try again.',
  rate_limit_exceeded: 'The provider is rate-limiting the bot: wait a minute and try again.',
  has_unpaid_invoice: 'The account has an unpaid invoice: settle it with the provider first.',
  existing_invoice_blocking: 'An open invoice blocks this change: settle it with the provider first.',
  invalid_request: 'Check the values you gave and try again.',
};

/** Sign-in failures name settings in their detail (for the log, the doctor): people read who fixes it. */
const signInFailures = new Set([
  'iam_credentials_refused',
  'fixed_token_refused',
  'renewed_token_refused',
  'aksk_signature_refused',
]);

const transportAdvice: Record<TransportCode, string> = {
  connect_refused: 'The API could not be reached: nothing was sent. Try again shortly.',
  connect_timeout: 'The API could not be reached in time: nothing was sent. Try again shortly.',
  headers_timeout: 'The API did not answer in time.',
  body_timeout: 'The API stopped answering mid-way.',
  connection_lost: 'The connection to the API dropped before it answered.',
  network_error: 'A network error stopped the request.',
};

/**
 * An error as plain data (kept in stored messages and outcomes, where an Error object cannot go).
 * `toUserMessage` words it; nothing else does.
 */
export function errorInfo(error: unknown): ErrorInfo {
  if (isErrorInfo(error)) return error;
  const base = { provider: null, status: null, detail: null, requestId: null };
  if (error instanceof ProviderError) {
    return {
      ...base,
      kind: 'provider',
      code: error.code,
      provider: error.provider,
      status: error.status,
      detail: error.detail,
      requestId: error.requestId ?? null,
      fields: error.fieldErrors.map((f) => (f.pointer ? `${f.pointer}: ${f.detail}` : f.detail)),
    };
  }
  if (error instanceof TransportError) {
    return {
      ...base,
      kind: 'transport',
      code: error.code,
      provider: error.provider,
      mayHaveActed: error.mayHaveReachedServer,
    };
  }
  if (error instanceof UserError)
    return { ...base, kind: 'app', code: error.code, detail: error.message, hint: error.hint ?? null };
  if (error instanceof ProviderIdError)
    return { ...base, kind: 'app', code: error.code, provider: error.provider, detail: `${error.message}.` };
  if (error instanceof ConfigError) return { ...base, kind: 'app', code: error.code };
  if (error instanceof AppError) return { ...base, kind: 'app', code: error.code };
  return { ...base, kind: 'app', code: 'unexpected' };
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  const v = value as Partial<ErrorInfo> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof Error) &&
    typeof v.code === 'string' &&
    (v.kind === 'provider' || v.kind === 'transport' || v.kind === 'app')
  );
}

/**
 * The one function that turns any error (or its ErrorInfo) into what a person reads. It never
 * includes secrets (errors built here never carry them) and keeps the provider's request id for
 * support.
 */
export function toUserMessage(error: unknown): string {
  const info = errorInfo(error);
  switch (info.kind) {
    case 'provider': {
      if (signInFailures.has(info.code)) {
        const what =
          info.code === 'fixed_token_refused'
            ? `${info.provider} refused the bot's fixed token (${info.code}); it has probably expired: ask an admin to renew it`
            : `The bot could not sign in to ${info.provider} (${info.code}): ask an admin to check its credentials`;
        return `${what} (\`npm run doctor\` says what is wrong).`;
      }
      const parts = [`${info.provider} refused the request (${info.code}): ${info.detail}`];
      if (info.fields && info.fields.length > 0) parts.push(`(${info.fields.join('; ')})`);
      const advice = providerAdvice[info.code];
      if (advice) parts.push(advice);
      if (info.requestId) parts.push(`Request id for support: ${info.requestId}.`);
      return parts.join(' ');
    }
    case 'transport': {
      const base = transportAdvice[info.code as TransportCode] ?? 'The request failed on the way.';
      const acted = info.mayHaveActed
        ? ' It may still have been carried out: check the server’s state before trying again.'
        : '';
      return `${info.provider}: ${base}${acted}`;
    }
    case 'app':
      if (info.detail) return info.hint ? `${info.detail} ${info.hint}` : info.detail;
      if (info.code === 'config_invalid')
        return 'The bot is misconfigured: ask an admin to check its settings.';
      if (info.code === 'unexpected') {
        return 'Something unexpected went wrong. Try again, and tell an admin if it keeps happening.';
      }
      return `Something went wrong (${info.code}). Try again, and tell an admin if it keeps happening.`;
  }
}
