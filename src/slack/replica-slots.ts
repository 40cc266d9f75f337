import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import {
  maxConnectionsPerReplica,
  maxSocketModeReplicas,
  slackMaxConnections,
} from './socket-mode-receiver.js';

/** Why a Socket Mode start was refused: one more replica would pass Slack's connection limit. */
export function tooManyReplicasMessage(live: number, leaseSeconds: number): string {
  return (
    `Not starting: ${live} other replica(s) of this bot are running in Socket Mode on this database, ` +
    `and one more could hold more than Slack's ${slackMaxConnections} connections per app (each replica ` +
    `holds up to ${maxConnectionsPerReplica} while Slack refreshes one; at most ${maxSocketModeReplicas} ` +
    'replicas). Stop a replica first, or run the extra ones in HTTP mode (SLACK_MODE=http with ' +
    `SLACK_SIGNING_SECRET, behind a load balancer). A replica that crashed counts until its heartbeat ` +
    `runs out, ${leaseSeconds} s after it was last seen (LEASE_SECONDS).`
  );
}

/**
 * This replica's place among the bots holding Socket Mode connections, counted through the store
 * (every replica of a deployment shares its database): `join` refuses the start when it would
 * make one too many, then a heartbeat keeps the place until `leave` (or, after a crash, until the
 * heartbeat runs out). On SQLite the database is one file on one host, so this counts the
 * processes on that file — usually one.
 */
export class ReplicaSlots {
  readonly #o: { store: Store; clock: Clock; logger: Logger; id: string; leaseMs: number };
  #timer: NodeJS.Timeout | null = null;

  constructor(options: { store: Store; clock: Clock; logger: Logger; id: string; leaseMs: number }) {
    this.#o = options;
  }

  async join(): Promise<void> {
    const { store, clock, id, leaseMs, logger } = this.#o;
    const joined = await store.registerReplica({ id, now: clock.now(), leaseMs, max: maxSocketModeReplicas });
    if (!joined.ok) {
      throw new AppError(
        'too_many_replicas',
        tooManyReplicasMessage(joined.live, Math.round(leaseMs / 1000)),
      );
    }
    logger.info({ replicas: joined.live + 1, max: maxSocketModeReplicas }, 'socket mode: replica registered');
    this.#timer = setInterval(() => void this.#renew(), Math.max(1000, Math.floor(leaseMs / 3)));
    this.#timer.unref();
  }

  async leave(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#o.store.removeReplica(this.#o.id).catch(() => undefined);
  }

  async #renew(): Promise<void> {
    const { store, clock, id, leaseMs, logger } = this.#o;
    try {
      if (!(await store.renewReplica(id, { now: clock.now(), leaseMs }))) {
        // Expired meanwhile (a long pause, a database outage): take the place again if there is one.
        await store.registerReplica({ id, now: clock.now(), leaseMs, max: Number.MAX_SAFE_INTEGER });
      }
    } catch (error) {
      logger.warn({ err: error }, 'socket mode: could not renew the replica heartbeat');
    }
  }
}
