import { type DoctorCheck, failed, failureText, passed } from './check.js';
import { callSlack } from './slack-web-api.js';

/** Slack's errors for a bot token that is wrong, revoked or of the wrong kind. */
const tokenAdvice: Record<string, string> = {
  invalid_auth:
    'Copy the Bot User OAuth Token (xoxb-…) from the app’s "OAuth & Permissions" page into SLACK_BOT_TOKEN',
  not_authed: 'Set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…)',
  token_revoked: 'The token was revoked: reinstall the app to the workspace and copy the new bot token',
  token_expired: 'Token rotation is on and the token expired: turn rotation off or set a fresh bot token',
  account_inactive: 'The app was uninstalled or its workspace deactivated: reinstall the app',
};

export const slackTokenCheck: DoctorCheck = {
  name: 'Slack bot token',
  async run({ config, timeoutMs }) {
    const { apiUrl, botToken } = config.slack;
    try {
      const answer = await callSlack(apiUrl, 'auth.test', botToken, timeoutMs);
      if (!answer.ok) {
        return failed(
          `Slack refused auth.test: ${answer.error ?? 'no error given'}`,
          tokenAdvice[answer.error ?? ''] ??
            'Check SLACK_BOT_TOKEN against the app’s "OAuth & Permissions" page',
        );
      }
      const { user, team, team_id: teamId } = answer.body;
      return passed(`auth.test answers: the bot is @${String(user)} in ${String(team)} (${String(teamId)})`);
    } catch (error) {
      return failed(
        `auth.test at ${new URL(apiUrl).host}: ${failureText(error, timeoutMs)}`,
        'Check that this machine reaches Slack (SLACK_API_URL, a proxy or a firewall)',
      );
    }
  },
};
