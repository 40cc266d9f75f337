import { type DoctorCheck, failed, failureText, passed } from './check.js';
import { manifestBotScopes } from './manifest-scopes.js';
import { callSlack } from './slack-web-api.js';

/**
 * The bot token's scopes (Slack's `x-oauth-scopes` header) against manifest.yml's bot scopes: a
 * missing one fails only when the bot first needs it (a post in a channel it was not invited to, a
 * user group in VPS_OPERATORS), long after the start, so it is checked here.
 */
export const slackScopesCheck: DoctorCheck = {
  name: 'Slack bot scopes',
  async run({ config, timeoutMs, manifestPath }) {
    let wanted: string[];
    try {
      wanted = manifestBotScopes(manifestPath);
    } catch (error) {
      return failed(
        `could not read the bot scopes from manifest.yml: ${(error as Error).message}`,
        'Run the doctor from the package (manifest.yml is shipped beside dist/)',
      );
    }
    try {
      const answer = await callSlack(config.slack.apiUrl, 'auth.test', config.slack.botToken, timeoutMs);
      if (!answer.ok)
        return failed(`not checked: auth.test failed (${answer.error})`, 'Fix the bot token first');
      if (answer.scopes === null) {
        return failed(
          'Slack did not say which scopes the token has (no x-oauth-scopes header)',
          `Check by hand that the token has ${wanted.join(', ')} ("OAuth & Permissions")`,
        );
      }
      const missing = wanted.filter((scope) => !answer.scopes?.includes(scope));
      if (missing.length > 0) {
        return failed(
          `the token lacks ${missing.join(', ')} (manifest.yml asks for ${wanted.length} bot scopes)`,
          'Add the missing scopes under "OAuth & Permissions" → Bot Token Scopes (or update the app from ' +
            'manifest.yml), reinstall the app to the workspace, and put the new bot token in SLACK_BOT_TOKEN',
        );
      }
      return passed(`the token has every bot scope manifest.yml asks for (${wanted.join(', ')})`);
    } catch (error) {
      return failed(`auth.test: ${failureText(error, timeoutMs)}`, 'Check that this machine reaches Slack');
    }
  },
};
