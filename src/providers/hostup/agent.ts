import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';

/**
 * The three limits of one HostUp request, each reported with its own TransportCode. undici checks
 * them on a coarse timer (about a second), so a timeout fires up to ~1 s after its value.
 */
export interface HostUpTimeouts {
  /** TCP (and TLS) connect. */
  readonly connectMs: number;
  /** From sending the request to receiving the response headers. */
  readonly headersMs: number;
  /** Longest silence while the body arrives (undici measures idle time between chunks). */
  readonly bodyMs: number;
}

export const defaultHostUpTimeouts: HostUpTimeouts = { connectMs: 5_000, headersMs: 15_000, bodyMs: 30_000 };

/** Extra socket options for the connector, e.g. a custom DNS `lookup` (tests use one that never answers). */
export interface ConnectExtras {
  readonly lookup?: LookupFunction;
}

/**
 * The undici Agent the client uses when it is not handed a dispatcher. A plain Agent never retries
 * on its own (no RetryAgent/interceptors): retrying is decided in one place, `request.ts`.
 * Keep-alive stays short so idle sockets do not outlive tests or a stopped bot for long.
 */
export function createHostUpAgent(timeouts: HostUpTimeouts, connect: ConnectExtras = {}): Agent {
  return new Agent({
    connect: { ...connect, timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 10_000,
  });
}
