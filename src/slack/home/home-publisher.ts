import type { webApi } from '@slack/bolt';
import { renderAppHome } from '../blocks/app-home.js';
import { type HomeDeps, loadHome } from './home-data.js';

/** Publishes one person's App Home as the store has it now (views.publish, Tier 4 per person). */
export function homePublisher(client: webApi.WebClient, deps: HomeDeps): (user: string) => Promise<void> {
  return async (user) => {
    await client.views.publish({ user_id: user, view: renderAppHome(await loadHome(deps, user)) });
  };
}
