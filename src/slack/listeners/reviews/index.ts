import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { ReviewOutcome } from '../../../services/after-reviews.js';
import { esc, mention } from '../../blocks/elements.js';
import { refusalText } from '../../blocks/refusals.js';
import type { BotContext } from '../../context.js';
import { ActionId, actionIdPattern } from '../../ids.js';
import { buttonHandler } from '../actions/action-request.js';

const reviewId = z.string().uuid();

/** "Mark reviewed" on a break-glass announcement: an approver acknowledges the use, once. */
export function registerReviews(app: App, ctx: BotContext): void {
  app.action(
    actionIdPattern(ActionId.acknowledgeReview),
    buttonHandler(ctx, async (req, raw) => {
      const id = reviewId.safeParse(raw);
      if (!id.success)
        return req.reply.text(':warning: This button is from a message the bot cannot read any more.');
      const outcome = await ctx.reviews.acknowledge({
        user: req.user,
        reviewId: id.data,
        correlationId: req.correlationId,
      });
      await req.reply.text(reviewText(outcome));
    }),
  );
}

function reviewText(o: ReviewOutcome): string {
  switch (o.code) {
    case 'reviewed':
      return `:white_check_mark: Marked reviewed: the break-glass ${esc(o.review.action)} of *${esc(o.review.targetName)}* by ${mention(o.review.actor)}.`;
    case 'already_reviewed':
      return `:information_source: ${o.review.reviewedBy ? mention(o.review.reviewedBy) : 'Someone'} reviewed this already.`;
    case 'own_use':
      return ':no_entry: You broke the glass, so someone else has to review it.';
    case 'review_unknown':
      return ':no_entry: This review is no longer known to the bot.';
    case 'refused':
      return `:no_entry: ${refusalText(o.refusal)}`;
  }
}
