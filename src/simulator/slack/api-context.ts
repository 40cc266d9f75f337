import type { FileStore } from './file-store.js';
import type { MessageStore } from './message-store.js';
import type { FakeSlackUser, Json } from './types.js';
import type { ViewStore } from './view-store.js';

/** What a Web API method handler may read and change. */
export interface ApiContext {
  ids: { teamId: string; botUserId: string; botId: string; appId: string };
  messages: MessageStore;
  views: ViewStore;
  users: Record<string, FakeSlackUser>;
  usergroups: Record<string, string[]>;
  files: FileStore;
  /** Issues a one-time Socket Mode URL (apps.connections.open). */
  openSocketUrl(): string;
  /** The fake's upload URL for one file upload. */
  uploadUrl(token: string): string;
}

/** Returns the success fields (the server adds `ok: true`) or throws SlackApiError. */
export type MethodHandler = (args: Json, ctx: ApiContext) => Json;
