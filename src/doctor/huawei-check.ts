import { ProviderError, TransportError } from '../errors.js';
import {
  AKSK_SIGNATURE_REFUSED,
  FIXED_TOKEN_REFUSED,
  HuaweiWorkspaceClient,
  IAM_CREDENTIALS_REFUSED,
  RENEWED_TOKEN_REFUSED,
} from '../providers/huawei/index.js';
import { type DoctorCheck, failed, failureText, passed, skipped } from './check.js';

const modeName = { iam: 'IAM login', token: 'the fixed token', aksk: 'AK/SK signing' } as const;

/** What to do for each refusal code the client raises (see providers/huawei/errors.ts). */
const advice: Record<string, string> = {
  [IAM_CREDENTIALS_REFUSED]:
    'Check HUAWEI_IAM_USER, HUAWEI_IAM_PASSWORD and HUAWEI_IAM_DOMAIN (the account name), and that the user is enabled',
  [FIXED_TOKEN_REFUSED]: 'Get a fresh token into HUAWEI_AUTH_TOKEN, or switch to AK/SK signing or IAM login',
  [RENEWED_TOKEN_REFUSED]: 'Give the IAM user access to Workspace in this project (HUAWEI_PROJECT_ID)',
  [AKSK_SIGNATURE_REFUSED]:
    'Check HUAWEI_ACCESS_KEY and HUAWEI_SECRET_KEY (a pair from "My Credentials" → Access Keys) and that this machine’s clock is right',
  'WKS.00081102':
    'Grant the IAM user the Workspace permissions (workspace:server:list and workspace:server:batchReboot)',
};

/** Signs in the configured way and lists app servers (one page of one), when Huawei is configured. */
export const huaweiCheck: DoctorCheck = {
  name: 'Huawei Workspace',
  async run({ config, clock, timeoutMs }) {
    const huawei = config.huawei;
    if (huawei === null)
      return skipped('not configured (no HUAWEI_* variable is set): app-server commands are off');
    const client = new HuaweiWorkspaceClient({
      ...huawei,
      clock,
      timeouts: { connectMs: timeoutMs, headersMs: timeoutMs, bodyMs: timeoutMs },
    });
    const how = modeName[huawei.auth.kind];
    try {
      const page = await client.listAppServersPage({ limit: 1 });
      const count = page.count ?? page.items.length;
      return passed(
        `signed in with ${how}; GET /v1/{project_id}/app-servers answers (${count} app server${count === 1 ? '' : 's'})`,
        'Rebooting also needs the IAM permission workspace:server:batchReboot: Huawei checks it only when the bot reboots',
      );
    } catch (error) {
      if (error instanceof ProviderError) {
        return failed(
          `${error.provider} answered ${error.status} ${error.code}: ${error.detail}`,
          advice[error.code] ?? `Check the HUAWEI_* settings for ${how}`,
        );
      }
      return failed(
        error instanceof TransportError ? error.message : failureText(error, timeoutMs),
        'Check HUAWEI_REGION (or HUAWEI_WORKSPACE_URL / HUAWEI_IAM_URL) and that this machine reaches it',
      );
    } finally {
      await client.close();
    }
  },
};
