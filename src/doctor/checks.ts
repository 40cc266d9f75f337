import type { DoctorCheck } from './check.js';
import { databaseCheck } from './database-check.js';
import { hostupCheck } from './hostup-check.js';
import { huaweiCheck } from './huawei-check.js';
import { slackScopesCheck } from './slack-scopes-check.js';
import { slackTokenCheck } from './slack-token-check.js';
import { socketModeCheck } from './socket-mode-check.js';

/**
 * Checks of the policy itself, run first after the configuration. Empty until the policy file
 * (VPS_POLICY_FILE) lands: its loader's check goes here, so a bad policy shows as its own row.
 */
export const policyChecks: readonly DoctorCheck[] = [];

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
