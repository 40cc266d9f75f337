import { ProviderError, TransportError } from '../errors.js';
import { HostUpClient } from '../providers/hostup/index.js';
import { type DoctorCheck, failed, failureText, passed } from './check.js';

/** HostUp checks a key's scopes only when a call needs them; reading proves read:vm alone. */
const actingScopes =
  'Acting also needs power:vm (start, shutdown, stop, restart, reset), backup:vm (restores) and ' +
  'write:vm (hostname): HostUp checks those only when the bot acts, so give the key all four';

export const hostupCheck: DoctorCheck = {
  name: 'HostUp API',
  async run({ config, clock, timeoutMs }) {
    const { apiUrl, apiToken } = config.hostup;
    const client = new HostUpClient({
      baseUrl: apiUrl,
      token: apiToken,
      clock,
      timeouts: { connectMs: timeoutMs, headersMs: timeoutMs, bodyMs: timeoutMs },
      // One plain answer: no waiting out a 429, no second try after a refused connection.
      retry: { max429Retries: 0, maxRefusedRetries: 0 },
    });
    try {
      const page = await client.listVpsPage({ limit: 100 });
      const more = page.nextCursor === null ? '' : ' (and more pages)';
      return passed(
        `GET /api/v2/vps answers with ${page.items.length} VPS${page.items.length === 1 ? '' : 'es'}${more}: the key has read:vm`,
        actingScopes,
      );
    } catch (error) {
      if (error instanceof ProviderError && error.status === 401) {
        return failed(
          `HostUp refused the API key (401 ${error.code})`,
          'Put a valid HostUp API key in HOSTUP_API_TOKEN, with the scopes read:vm, power:vm, backup:vm and write:vm',
        );
      }
      if (error instanceof ProviderError && error.status === 403) {
        return failed(
          `HostUp answered 403 ${error.code}: ${error.detail}`,
          `Give the key read:vm. ${actingScopes}`,
        );
      }
      if (error instanceof ProviderError) {
        return failed(
          `GET /api/v2/vps answered ${error.status} ${error.code}: ${error.detail}`,
          'Try again later',
        );
      }
      const where = `${new URL(apiUrl).host}`;
      return failed(
        `GET /api/v2/vps at ${where}: ${error instanceof TransportError ? error.message : failureText(error, timeoutMs)}`,
        'Check HOSTUP_API_URL and that this machine reaches it',
      );
    } finally {
      await client.close();
    }
  },
};
