import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei Cloud's AK/SK request signing (APIG "SDK-HMAC-SHA256"), as its SDKs do it:
 *
 *   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n
 *                       signed headers \n hex(sha256(body))
 *   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(canonical request))
 *   signature         = hex(hmac-sha256(secret key, string to sign))
 *   Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b;c>, Signature=<hex>
 *
 * Pure functions over plain data, shared by the client (to sign) and the simulator (to check a
 * request the way the gateway does: recomputed from what arrived). Checked against the SDKs'
 * published test vectors in test/providers/huawei/sdk-signature.test.ts.
 */
export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/** A request as the signature sees it: header names in lower case, the body as sent. */
export interface SignableRequest {
  readonly method: string;
  /** The URL path as sent (percent-encoded or not: it is decoded, then encoded the canonical way). */
  readonly path: string;
  /** Decoded query parameters, in any order; a repeated key appears once per value. */
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** RFC 3986 encoding: letters, digits and `-_.~` stay, every other UTF-8 byte becomes %XX. */
export function huaweiEscape(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Each segment decoded then encoded; always ends in `/` (the SDKs add one when the path has none). */
export function canonicalUri(path: string): string {
  const uri = path
    .split('/')
    .map((segment) => huaweiEscape(safeDecode(segment)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** `k=v` pairs, encoded, sorted by key then value, joined with `&`. */
export function canonicalQuery(query: SignableRequest['query']): string {
  return query
    .map(([key, value]) => [huaweiEscape(key), huaweiEscape(value)] as const)
    .sort(([k1, v1], [k2, v2]) => (k1 === k2 ? compare(v1, v2) : compare(k1, k2)))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

export function canonicalRequest(req: SignableRequest, signedHeaders: readonly string[]): string {
  const headers = signedHeaders.map((name) => `${name}:${(req.headers[name] ?? '').trim()}\n`).join('');
  return [
    req.method.toUpperCase(),
    canonicalUri(req.path),
    canonicalQuery(req.query),
    headers,
    signedHeaders.join(';'),
    sha256Hex(req.body),
  ].join('\n');
}

export function stringToSign(canonical: string, sdkDate: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function signatureOf(secretKey: string, toSign: string): string {
  return createHmac('sha256', secretKey).update(toSign, 'utf8').digest('hex');
}

/** The signature of `req` over `signedHeaders` (lower case, sorted), dated `sdkDate`. */
export function sign(req: SignableRequest, signedHeaders: readonly string[], secretKey: string): string {
  const date = req.headers['x-sdk-date'];
  if (date === undefined) throw new Error('a signed request needs an x-sdk-date header');
  return signatureOf(secretKey, stringToSign(canonicalRequest(req, signedHeaders), date));
}

export function authorizationHeader(accessKey: string, signedHeaders: readonly string[], signature: string) {
  return `${SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
}

/** Reads `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`; null for anything else. */
export function parseAuthorization(
  header: string,
): { accessKey: string; signedHeaders: string[]; signature: string } | null {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/i.exec(
    header.trim(),
  );
  if (!m) return null;
  return { accessKey: m[1]!, signedHeaders: m[2]!.split(';'), signature: m[3]!.toLowerCase() };
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function sdkDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The instant an X-Sdk-Date names, or null when it is not in that format. */
export function parseSdkDate(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Code-unit order, like the SDKs' plain string sort (not locale order). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
