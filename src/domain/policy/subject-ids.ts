/**
 * The shapes of the ids a policy names. Slack user ids start with U (W on Enterprise Grid),
 * user-group ids with S, channel ids with C (G for old private channels). Checked by shape only:
 * whether an id exists is Slack's to say, at run time.
 */
const userId = /^[UW][A-Z0-9]{2,}$/;
const userGroupId = /^S[A-Z0-9]{2,}$/;
const channelId = /^[CG][A-Z0-9]{2,}$/;

export const isUserId = (text: string): boolean => userId.test(text);
export const isUserGroupId = (text: string): boolean => userGroupId.test(text);
export const isChannelId = (text: string): boolean => channelId.test(text);

/** Looks like an id someone meant to type, e.g. `u0bo` or `S0-ONCALL`: worth a specific hint. */
export const looksLikeAnId = (text: string): boolean => /^[UWSCG][A-Z0-9_-]*\d/i.test(text);
