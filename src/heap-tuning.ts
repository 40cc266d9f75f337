import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived its last full collection before the
 * next one, in percent. V8's default (up to 4×, more on a machine with much memory) lets a bot
 * whose live data is ~30 MB sit at 200+ MB of mostly garbage: every poll, claim and send keeps a
 * few objects across an await, so they reach the old generation and die there. 30 % keeps the
 * heap near what is alive at the cost of more frequent (concurrent, incremental) full marks,
 * which benchmark 2 (bench/following-many.ts) shows to lower CPU time and event-loop delay too.
 */
export const heapGrowingPercent = 30;

/**
 * Applied by the process that runs the bot (main.ts), before it builds anything. V8 reads this
 * setting at every full collection, so setting it after start-up takes effect (Node documents
 * `setFlagsFromString` as best used with care: this is one flag, read per collection).
 */
export function keepHeapNearLive(percent = heapGrowingPercent): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
