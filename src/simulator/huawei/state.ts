import type { Inventory } from './inventory.js';
import type { RebootEngine } from './reboots.js';
import type { SignatureCheck } from './signatures.js';
import type { TokenStore } from './tokens.js';
import type { SimIamUser } from './types.js';

/** Everything the API routes read and change. */
export interface SimState {
  readonly projectId: string;
  readonly users: readonly SimIamUser[];
  readonly tokens: TokenStore;
  /** Access key → secret key, for AK/SK-signed requests. */
  readonly accessKeys: ReadonlyMap<string, string>;
  readonly inventory: Inventory;
  readonly reboots: RebootEngine;
  readonly pageSizeDefault: number;
}

/** One API request as the routes see it. */
export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  /** Parsed JSON, or null when empty or not JSON (then `bodyInvalid`). */
  readonly body: unknown;
  readonly bodyInvalid: boolean;
  readonly authToken: string | undefined;
  /** The gateway's verdict on an AK/SK-signed request; null when the request is not signed. */
  readonly signature: SignatureCheck | null;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
