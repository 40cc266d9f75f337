import { z } from 'zod';
import { ProviderError } from '../../errors.js';

/** Provider names as people read them in errors: which of the two services answered. */
export const WORKSPACE = 'Huawei Workspace';
export const IAM = 'Huawei IAM';

/** Our own code for a body we could not read (not JSON, or not the shape we expect). */
export const INVALID_RESPONSE = 'invalid_response';
/** IAM refused the user name, password or account name. */
export const IAM_CREDENTIALS_REFUSED = 'iam_credentials_refused';
/** The operator's fixed token (HUAWEI_AUTH_TOKEN) was refused: it has to be renewed by hand. */
export const FIXED_TOKEN_REFUSED = 'fixed_token_refused';
/** A token fetched a moment ago was refused too: something other than expiry is wrong. */
export const RENEWED_TOKEN_REFUSED = 'renewed_token_refused';
/** The AK/SK signature was refused: a wrong key pair, or this machine's clock is off. */
export const AKSK_SIGNATURE_REFUSED = 'aksk_signature_refused';

/** Huawei's documented error body; the API gateway in front adds `request_id`. */
const wksErrorSchema = z.looseObject({
  error_code: z.string().min(1),
  error_msg: z.string().nullish(),
  request_id: z.string().nullish(),
});

/** The Keystone-style body IAM uses: `{"error": {"code": 401, "message": …, "title": …}}`. */
const keystoneErrorSchema = z.looseObject({
  error: z.looseObject({
    code: z.union([z.string(), z.number()]).nullish(),
    message: z.string().nullish(),
    title: z.string().nullish(),
  }),
});

/** Codes for answers whose body says nothing usable, so callers can still branch on `code`. */
const codeForStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export interface ErrorAnswer {
  readonly provider: string;
  readonly status: number;
  /** Already redacted by the caller. */
  readonly text: string;
  readonly contentType: string | null;
  /** `X-Request-Id`, preferred over a `request_id` in the body. */
  readonly requestId: string | null;
}

/** A short, single-line excerpt of a body we could not read. */
export function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 120)}…` : oneLine;
}

/**
 * Turns an HTTP error answer into a ProviderError whatever its body: `{error_code, error_msg}`
 * (code = error_code), IAM's `{error:{code,message}}`, an empty body or HTML from a proxy.
 * It never throws.
 */
export function huaweiErrorFrom(answer: ErrorAnswer): ProviderError {
  const { provider, status, text } = answer;
  const fallback = codeForStatus[status] ?? `http_${status}`;
  const base = { provider, status, requestId: answer.requestId ?? undefined };
  if (text.trim() === '')
    return new ProviderError({ ...base, code: fallback, detail: `HTTP ${status} with an empty body` });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const type = answer.contentType ?? 'no content type';
    return new ProviderError({
      ...base,
      code: INVALID_RESPONSE,
      detail: `HTTP ${status} (${type}) that is not JSON: ${excerpt(text)}`,
      cause,
    });
  }
  const wks = wksErrorSchema.safeParse(json);
  if (wks.success) {
    return new ProviderError({
      ...base,
      code: wks.data.error_code,
      detail: wks.data.error_msg || `HTTP ${status}`,
      requestId: answer.requestId ?? wks.data.request_id ?? undefined,
    });
  }
  const keystone = keystoneErrorSchema.safeParse(json);
  if (keystone.success) {
    const e = keystone.data.error;
    const code = typeof e.code === 'string' && !/^\d+$/.test(e.code) ? e.code : fallback;
    return new ProviderError({ ...base, code, detail: e.message || e.title || `HTTP ${status}` });
  }
  return new ProviderError({
    ...base,
    code: INVALID_RESPONSE,
    detail: `HTTP ${status} with an unrecognised body: ${excerpt(text)}`,
  });
}
