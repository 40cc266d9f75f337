import { type DoctorCheck, failed, failureText, passed, skipped } from './check.js';
import { callSlack } from './slack-web-api.js';

const appTokenAdvice: Record<string, string> = {
  invalid_auth:
    'Create an app-level token with connections:write ("Basic Information" → App-Level Tokens) and put it in SLACK_APP_TOKEN',
  not_allowed_token_type: 'SLACK_APP_TOKEN must be the app-level token (xapp-…), not the bot token',
  missing_scope: 'The app-level token needs the connections:write scope: create a new one with it',
  token_revoked: 'The app-level token was revoked: create a new one and put it in SLACK_APP_TOKEN',
};

/**
 * Socket Mode: `apps.connections.open` with the app-level token is the call the bot makes to get
 * its WebSocket URL. The URL is not opened: a connection Slack may hand a request to, and that
 * never answers, would make someone's command fail.
 */
export const socketModeCheck: DoctorCheck = {
  name: 'Slack Socket Mode',
  async run({ config, timeoutMs }) {
    const slack = config.slack;
    if (slack.mode !== 'socket') {
      return skipped('HTTP mode: Slack posts to /slack/events (only a request from Slack can test that)');
    }
    try {
      const answer = await callSlack(slack.apiUrl, 'apps.connections.open', slack.appToken, timeoutMs);
      if (!answer.ok) {
        return failed(
          `Slack refused apps.connections.open: ${answer.error ?? 'no error given'}`,
          appTokenAdvice[answer.error ?? ''] ??
            'Check that Socket Mode is on in the app settings and that SLACK_APP_TOKEN is its app-level token',
        );
      }
      const url =
        typeof answer.body.url === 'string' && URL.canParse(answer.body.url) ? answer.body.url : null;
      if (url === null) return failed('apps.connections.open answered without a WebSocket URL', 'Try again');
      return passed(`the app-level token opens a connection (a WebSocket URL at ${new URL(url).host})`);
    } catch (error) {
      return failed(
        `apps.connections.open: ${failureText(error, timeoutMs)}`,
        'Check that this machine reaches Slack',
      );
    }
  },
};
