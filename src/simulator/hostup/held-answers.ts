import type { ServerResponse } from 'node:http';
import { type SimResponse, writeResponse } from '../shared/sim-response.js';
import type { SimHeldCall, SimRequest } from './types.js';

interface Held {
  readonly info: SimHeldCall;
  readonly res: ServerResponse;
  readonly answer: SimResponse;
  readonly requestId: string;
}

/**
 * Answers kept back by `hold` faults: the call was received and carried out, and its answer waits
 * here until released (or its `ms` ran out), so a test can stop the client while it is in flight.
 * A held call whose client goes away leaves the list; its job goes on, as it would at HostUp.
 */
export class HeldAnswers {
  readonly #held = new Map<number, Held>();

  get list(): SimHeldCall[] {
    return [...this.#held.values()].map((h) => ({ ...h.info }));
  }

  hold(entry: SimRequest, res: ServerResponse, answer: SimResponse, requestId: string): void {
    const info: SimHeldCall = {
      seq: entry.seq,
      method: entry.method,
      path: entry.path,
      vpsId: entry.vpsId,
      status: answer.status,
      heldSince: Date.now(),
    };
    this.#held.set(entry.seq, { info, res, answer, requestId });
    res.once('close', () => this.#held.delete(entry.seq));
  }

  /** Sends the answer of call `seq`, or of every held call; returns how many were sent. */
  release(seq?: number): number {
    const chosen = [...this.#held.values()].filter((h) => seq === undefined || h.info.seq === seq);
    for (const held of chosen) {
      this.#held.delete(held.info.seq);
      writeResponse(held.res, held.answer, held.requestId);
    }
    return chosen.length;
  }
}
