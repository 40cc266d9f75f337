import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parseAuthorization, parseSdkDate, sign } from '../../providers/huawei/sdk-signature.js';
import { type SimResponse, wksError } from './wire.js';

/** An access key pair the simulated gateway knows. */
export interface SimAccessKey {
  accessKey: string;
  secretKey: string;
}

/** How far X-Sdk-Date may be from the gateway's clock (Huawei's documented limit). */
export const MAX_DATE_SKEW_MS = 15 * 60_000;

export interface SignedRequest {
  readonly method: string;
  /** The request target as received: path and query, still encoded. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

export type SignatureCheck =
  | { readonly ok: true; readonly accessKey: string; readonly projectId: string | null }
  | { readonly ok: false; readonly response: SimResponse; readonly why: string };

/**
 * Checks an `SDK-HMAC-SHA256` request the way the API gateway does: the key must be known, the
 * date within 15 minutes, and the signature recomputed from the request as it arrived (method,
 * path, query, the listed headers' values, the raw body) must match. Refusals are 401 APIG.0301
 * with the gateway's messages (the wording for a stale date is not documented: assumed).
 */
export function checkSignature(
  req: SignedRequest,
  keys: ReadonlyMap<string, string>,
  now = Date.now(),
): SignatureCheck {
  const header = headerText(req.headers.authorization);
  const auth = header === null ? null : parseAuthorization(header);
  if (auth === null) return refuse('malformed Authorization header', 'the Authorization header is malformed');
  const secret = keys.get(auth.accessKey);
  if (secret === undefined) {
    return refuse('unknown access key', 'Get secretKey failed,ak:******,err:ak not exist');
  }
  if (!auth.signedHeaders.includes('x-sdk-date')) {
    return refuse('x-sdk-date not signed', 'x-sdk-date is not among the signed headers');
  }
  const date = headerText(req.headers['x-sdk-date']);
  const at = date === null ? null : parseSdkDate(date);
  if (at === null || Math.abs(now - at) > MAX_DATE_SKEW_MS) {
    return refuse('date out of range', 'x-sdk-date is missing, malformed or more than 15 minutes off');
  }
  const url = new URL(req.target, 'http://gateway.local');
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = headerText(req.headers[name]) ?? '';
  const expected = sign(
    {
      method: req.method,
      path: req.target.split('?')[0] ?? '/',
      query: [...url.searchParams],
      headers,
      body: req.rawBody,
    },
    auth.signedHeaders,
    secret,
  );
  if (!sameHex(expected, auth.signature)) return refuse('signature mismatch', 'verify aksk signature fail');
  return { ok: true, accessKey: auth.accessKey, projectId: headerText(req.headers['x-project-id']) };
}

/** True when the request claims AK/SK signing (whatever the key), so the token check does not apply. */
export function isSigned(headers: IncomingHttpHeaders): boolean {
  return /^SDK-HMAC-SHA256\b/i.test(headerText(headers.authorization) ?? '');
}

function refuse(why: string, detail: string): SignatureCheck {
  return {
    ok: false,
    why,
    response: wksError(401, 'APIG.0301', `Incorrect IAM authentication information: ${detail}`),
  };
}

function headerText(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text === undefined ? null : text;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
