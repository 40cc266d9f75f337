import { z } from 'zod';
import { type FieldError, ProviderError, RateLimitedError } from '../../errors.js';
import { PROVIDER } from './transport-errors.js';

/** RFC 7807 Problem Details as HostUp sends them; extra members are allowed and ignored. */
const fieldErrorSchema = z.looseObject({
  pointer: z.string().nullish(),
  field: z.string().nullish(),
  detail: z.string().nullish(),
  message: z.string().nullish(),
  code: z.string().nullish(),
});

const problemSchema = z.looseObject({
  type: z.string().nullish(),
  title: z.string().nullish(),
  status: z.number().nullish(),
  detail: z.string().nullish(),
  code: z.string().nullish(),
  requestId: z.string().nullish(),
  errors: z.array(z.unknown()).nullish(),
});

/** The older routes' body: `{error, message, code:"BAD_REQUEST", timestamp, requestId}`. */
const legacySchema = z.looseObject({
  error: z.union([z.string(), z.looseObject({ message: z.string().nullish(), code: z.string().nullish() })]),
  message: z.string().nullish(),
  code: z.string().nullish(),
  requestId: z.string().nullish(),
});

/** Codes for answers whose body says nothing usable, so callers can still branch on `code`. */
const codeForStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** Our own code for a body we could not read (not JSON, or not the shape we expect). */
export const INVALID_RESPONSE = 'invalid_response';

export interface ErrorAnswer {
  readonly status: number;
  readonly text: string;
  readonly contentType: string | null;
  /** `X-Request-Id`, kept when the body has none. */
  readonly headerRequestId: string | null;
  /** Set for 429s, which become RateLimitedError. */
  readonly retryAfterMs?: number;
}

function toFieldErrors(raw: readonly unknown[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  for (const item of raw ?? []) {
    const parsed = fieldErrorSchema.safeParse(item);
    if (!parsed.success) continue;
    const f = parsed.data;
    out.push({
      pointer: f.pointer ?? f.field ?? undefined,
      detail: f.detail ?? f.message ?? 'invalid value',
      code: f.code ?? undefined,
    });
  }
  return out;
}

/** A short, single-line excerpt of a body we could not read, for the error message and logs. */
function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 120)}…` : oneLine;
}

function build(args: ConstructorParameters<typeof ProviderError>[0], retryAfterMs?: number): ProviderError {
  return retryAfterMs === undefined
    ? new ProviderError(args)
    : new RateLimitedError({ ...args, retryAfterMs });
}

/**
 * Turns an HTTP error answer into a ProviderError (RateLimitedError for a 429) whatever its body:
 * Problem Details, the legacy `{error,message,code}` shape, an empty body or HTML from a proxy.
 * It never throws. Callers redact the result's text; nothing from the request is put in here.
 */
export function problemToError(answer: ErrorAnswer): ProviderError {
  const { status, text, headerRequestId, retryAfterMs } = answer;
  const fallbackCode = codeForStatus[status] ?? `http_${status}`;
  const base = { provider: PROVIDER, status, requestId: headerRequestId ?? undefined };
  if (text.trim() === '') {
    return build({ ...base, code: fallbackCode, detail: `HTTP ${status} with an empty body` }, retryAfterMs);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const type = answer.contentType ?? 'no content type';
    return build(
      {
        ...base,
        code: INVALID_RESPONSE,
        detail: `HTTP ${status} (${type}) that is not JSON: ${excerpt(text)}`,
        cause,
      },
      retryAfterMs,
    );
  }
  const legacy = legacySchema.safeParse(json);
  if (legacy.success) {
    const l = legacy.data;
    const errorText = typeof l.error === 'string' ? l.error : (l.error.message ?? null);
    const code = l.code ?? (typeof l.error === 'object' ? l.error.code : null) ?? fallbackCode;
    return build(
      {
        ...base,
        code,
        detail: l.message ?? errorText ?? `HTTP ${status}`,
        requestId: l.requestId ?? base.requestId,
        fromErrorBody: true,
      },
      retryAfterMs,
    );
  }
  const problem = problemSchema.safeParse(json);
  if (
    problem.success &&
    (problem.data.code || problem.data.type || problem.data.title || problem.data.detail)
  ) {
    const p = problem.data;
    return build(
      {
        ...base,
        code: p.code ?? codeFromType(p.type) ?? fallbackCode,
        detail: p.detail ?? p.title ?? `HTTP ${status}`,
        requestId: p.requestId ?? base.requestId,
        fieldErrors: toFieldErrors(p.errors),
        fromErrorBody: true,
      },
      retryAfterMs,
    );
  }
  return build(
    { ...base, code: INVALID_RESPONSE, detail: `HTTP ${status} with an unrecognised body: ${excerpt(text)}` },
    retryAfterMs,
  );
}

/** `https://developer.hostup.se/errors/vps_not_found` → `vps_not_found`. */
function codeFromType(type: string | null | undefined): string | null {
  if (!type || type === 'about:blank') return null;
  const last = type.split('/').pop();
  return last && /^[a-z0-9_]+$/i.test(last) ? last : null;
}
