import type { BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { withCorrelation } from '../../../correlation.js';
import { refusedReply } from '../../blocks/outcomes.js';
import type { BotContext } from '../../context.js';
import { countFailure } from '../../count-failure.js';
import { newCorrelationId, replier } from '../../reply.js';
import type { SlackRequest } from '../request.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction>;

/**
 * Wraps a button handler: acks at once, builds the request (user, channel, correlation id) and
 * turns any error into a private answer. `value` is the clicked button's value.
 */
export function buttonHandler(
  ctx: BotContext,
  handle: (req: SlackRequest, value: string | undefined) => Promise<void>,
) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    const acked = ctx.metrics.startAck('click');
    await ack();
    acked();
    const correlationId = newCorrelationId();
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    const logger = ctx.logger.child({ correlationId, user, channel, action: action.action_id });
    // A click in the App Home has no response_url: its answer goes to the person's DM with the bot.
    const reply = replier(
      respond,
      logger,
      (error) => countFailure(ctx, 'click', error),
      async (message) => {
        await ctx.client.chat.postMessage({ channel: user, text: message.text, blocks: message.blocks });
      },
    );
    const messageTs = body.container?.message_ts ?? body.message?.ts;
    const req: SlackRequest = {
      ctx,
      reply,
      logger,
      user,
      channel,
      correlationId,
      triggerId: body.trigger_id,
      ...(messageTs ? { messageTs } : {}),
      surface: surfaceOf(body),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    };
    await ctx.inFlight.run(() =>
      withCorrelation(correlationId, () =>
        reply.guard(async () => {
          // Which channels /vps answers in says nothing about a person's own App Home.
          const refusal = req.surface === 'view' && !channel ? null : await ctx.policy.mayRead(channel);
          if (refusal) return reply.send(refusedReply(refusal).message);
          await handle(req, 'value' in action ? (action.value ?? undefined) : undefined);
          ctx.metrics.requests.inc({ surface: 'click', outcome: 'ok' });
        }),
      ),
    );
  };
}

/** Where a click came from (see SlackRequest.surface). */
function surfaceOf(body: BlockAction): SlackRequest['surface'] {
  const container = body.container as { type?: string; is_ephemeral?: boolean } | undefined;
  if (container?.type === 'view') return 'view';
  return container?.is_ephemeral ? 'ephemeral' : 'message';
}
