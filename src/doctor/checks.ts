import type { DoctorCheck } from './check.js';
import { databaseCheck } from './database-check.js';
import { hostupCheck } from './hostup-check.js';
import { huaweiCheck } from './huawei-check.js';
import { policyCheck } from './policy-check.js';
import { slackScopesCheck } from './slack-scopes-check.js';
import { slackTokenCheck } from './slack-token-check.js';
import { socketModeCheck } from './socket-mode-check.js';

/** The policy (VPS_POLICY_FILE, or the settings' one rule), run first after the configuration. */
export const policyChecks: readonly DoctorCheck[] = [policyCheck];

/** Every check `npm run doctor` runs once the configuration is valid, in the order of the table. */
export const doctorChecks: readonly DoctorCheck[] = [
  ...policyChecks,
  slackTokenCheck,
  slackScopesCheck,
  socketModeCheck,
  hostupCheck,
  huaweiCheck,
  databaseCheck,
];
