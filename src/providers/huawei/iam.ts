import { z } from 'zod';
import { ProviderError } from '../../errors.js';
import { huaweiErrorFrom, IAM, IAM_CREDENTIALS_REFUSED, INVALID_RESPONSE } from './errors.js';
import { type HuaweiExchange, headerValue } from './exchange.js';

export interface IamCredentials {
  /** The IAM user's name. */
  readonly user: string;
  readonly password: string;
  /** The account (domain) name the IAM user belongs to. */
  readonly domain: string;
}

/** A token as IAM issued it. `lifetimeMs` is null when the body did not say (assume 24 h). */
export interface IssuedToken {
  readonly token: string;
  readonly lifetimeMs: number | null;
}

/** Only the times are read; the rest of the (large) token body is ignored. */
const tokenBodySchema = z.looseObject({
  token: z.looseObject({ expires_at: z.string().nullish(), issued_at: z.string().nullish() }).nullish(),
});

/**
 * Asks IAM for a project-scoped token: `POST {iamUrl}/v3/auth/tokens`, token in the
 * `X-Subject-Token` response header. The password and the token are registered with the exchange
 * first, so neither can come back in an error text or a log line.
 */
export async function requestIamToken(
  exchange: HuaweiExchange,
  args: { iamUrl: string; projectId: string; credentials: IamCredentials },
): Promise<IssuedToken> {
  const { credentials } = args;
  exchange.addSecret(credentials.password);
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: credentials.user,
            password: credentials.password,
            domain: { name: credentials.domain },
          },
        },
      },
      scope: { project: { id: args.projectId } },
    },
  };
  const answer = await exchange.send({
    provider: IAM,
    method: 'POST',
    url: `${args.iamUrl}/v3/auth/tokens`,
    what: '/v3/auth/tokens',
    headers: { 'content-type': 'application/json;charset=utf8' },
    body: JSON.stringify(body),
  });
  const base = { provider: IAM, status: answer.status, requestId: answer.requestId ?? undefined };
  if (answer.status === 401) {
    const said = huaweiErrorFrom({ ...answer, provider: IAM });
    throw new ProviderError({
      ...base,
      code: IAM_CREDENTIALS_REFUSED,
      detail:
        `IAM refused the bot's sign-in (${said.detail}): check HUAWEI_IAM_USER, HUAWEI_IAM_PASSWORD ` +
        'and HUAWEI_IAM_DOMAIN, and that the user is enabled',
      cause: said,
    });
  }
  if (answer.status < 200 || answer.status >= 300) throw huaweiErrorFrom({ ...answer, provider: IAM });

  const token = headerValue(answer.headers['x-subject-token']);
  if (token === null) {
    throw new ProviderError({
      ...base,
      code: INVALID_RESPONSE,
      detail: 'IAM answered without an X-Subject-Token header',
    });
  }
  exchange.addSecret(token);
  return { token, lifetimeMs: lifetimeOf(answer.text) };
}

/**
 * `expires_at − issued_at` from the body: a lifetime, not an instant, so the caller measures it
 * on its own clock and a skew between Huawei's clock and ours does not matter.
 */
function lifetimeOf(text: string): number | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = tokenBodySchema.safeParse(json);
  const t = parsed.success ? parsed.data.token : null;
  if (!t?.expires_at || !t.issued_at) return null;
  const lifetime = Date.parse(t.expires_at) - Date.parse(t.issued_at);
  return Number.isFinite(lifetime) && lifetime > 0 ? lifetime : null;
}
