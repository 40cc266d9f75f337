/**
 * A heartbeat per running bot, so a start can count the replicas that hold Socket Mode
 * connections (Slack allows 10 per app) and refuse one too many with a clear message.
 */
export interface ReplicaHeartbeats {
  /**
   * Records the replica `id` as running until `now + leaseMs`, unless that would make more than
   * `max` live replicas (then nothing changes). Expired heartbeats are dropped first. `live`
   * counts the others still running.
   */
  registerReplica(args: {
    id: string;
    now: number;
    leaseMs: number;
    max: number;
  }): Promise<{ readonly ok: boolean; readonly live: number }>;
  /** Keeps `id` alive until `now + leaseMs`; false when its heartbeat had expired and was dropped. */
  renewReplica(id: string, args: { now: number; leaseMs: number }): Promise<boolean>;
  removeReplica(id: string): Promise<void>;
}
