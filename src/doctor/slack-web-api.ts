/** What the doctor needs from one Slack Web API call. */
export interface SlackAnswer {
  readonly ok: boolean;
  /** Slack's `error` (invalid_auth, not_allowed_token_type, …) when `ok` is false. */
  readonly error: string | null;
  readonly body: Record<string, unknown>;
  /**
   * The token's scopes from the `x-oauth-scopes` response header, which Slack sends with every
   * Web API answer; null when the header is absent.
   */
  readonly scopes: string[] | null;
}

/**
 * POSTs `method` with `token` as a bearer token, once, within `timeoutMs`. Bolt's client is not
 * used here: it retries, and the doctor wants one plain answer (and the response headers).
 * Throws on a failure below HTTP or an answer that is not Slack's JSON.
 */
export async function callSlack(
  apiUrl: string,
  method: string,
  token: string,
  timeoutMs: number,
): Promise<SlackAnswer> {
  const res = await fetch(new URL(method, apiUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: '',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`Slack's ${method} answered HTTP ${res.status} with a body that is not JSON`);
  }
  if (typeof body !== 'object' || body === null || typeof (body as { ok?: unknown }).ok !== 'boolean') {
    throw new Error(`Slack's ${method} answered HTTP ${res.status} without an "ok" field`);
  }
  const json = body as Record<string, unknown>;
  const header = res.headers.get('x-oauth-scopes');
  return {
    ok: json.ok === true,
    error: typeof json.error === 'string' ? json.error : null,
    body: json,
    scopes:
      header === null
        ? null
        : header
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
  };
}
