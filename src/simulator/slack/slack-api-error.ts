/**
 * A Web API refusal: the fake answers HTTP 200 with `{ok: false, error: code}` and, when there are
 * details, `response_metadata.messages` (as Slack does for `invalid_blocks` and `invalid_arguments`).
 */
export class SlackApiError extends Error {
  readonly code: string;
  readonly messages: readonly string[];

  constructor(code: string, messages: readonly string[] = []) {
    super(messages.length > 0 ? `${code}: ${messages.join('; ')}` : code);
    this.name = 'SlackApiError';
    this.code = code;
    this.messages = messages;
  }
}
