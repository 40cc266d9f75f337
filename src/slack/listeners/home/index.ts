import type { App } from '@slack/bolt';
import type { BotContext } from '../../context.js';

/**
 * The App Home: when a person opens the bot's Home tab, they are remembered (so later changes
 * refresh their home) and their home is published through the outbox, at once. Bolt acks the
 * event before this runs; a Slack retry of the same event only publishes the home again.
 */
export function registerHome(app: App, ctx: BotContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await ctx.inFlight.run(async () => {
      try {
        await ctx.homes.opened(event.user);
      } catch (error) {
        ctx.logger.error({ err: error, user: event.user }, 'could not schedule the App Home');
      }
    });
  });
}
