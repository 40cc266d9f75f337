import { ProviderError } from '../errors.js';
import type { BotContext } from './context.js';

/** Counts a request that ended in an error, and the provider's code when a provider refused it. */
export function countFailure(ctx: BotContext, surface: string, error: unknown): void {
  ctx.metrics.requests.inc({ surface, outcome: 'error' });
  if (error instanceof ProviderError)
    ctx.metrics.apiErrors.inc({ provider: error.provider, code: error.code });
}
