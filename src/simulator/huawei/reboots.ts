import type { RebootType } from '../../domain/app-server.js';
import type { TimerSet } from '../hostup/timers.js';
import type { SimAppServer, SimRebootTiming } from './types.js';

/**
 * Reboots on real timers. Accepting one puts the server at once in vm_status REBOOT (task
 * `rebooting`) or HARD_REBOOT (task `reboot_started_hard`); after `rebootMs` it is ACTIVE with no
 * task and no sessions (a reboot drops them), or ERROR when `failNext` named it. A second reboot
 * of a server that is still rebooting starts over.
 */
export class RebootEngine {
  readonly #timers: TimerSet;
  readonly #failing = new Set<string>();
  readonly #generation = new Map<string, number>();
  #rebootMs = 2_000;

  constructor(timers: TimerSet, timing?: SimRebootTiming) {
    this.#timers = timers;
    if (timing) this.setTiming(timing);
  }

  get timing(): Required<SimRebootTiming> {
    return { rebootMs: this.#rebootMs };
  }

  setTiming(timing: SimRebootTiming): void {
    this.#rebootMs = Math.max(0, timing.rebootMs ?? this.#rebootMs);
  }

  failNext(serverId: string): void {
    this.#failing.add(serverId);
  }

  reboot(server: SimAppServer, type: RebootType): void {
    const generation = (this.#generation.get(server.id) ?? 0) + 1;
    this.#generation.set(server.id, generation);
    server.reboots.push(type);
    server.vmStatus = type === 'HARD' ? 'HARD_REBOOT' : 'REBOOT';
    server.taskStatus = type === 'HARD' ? 'reboot_started_hard' : 'rebooting';
    server.updateTime = new Date().toISOString();
    const fails = this.#failing.delete(server.id);
    this.#timers.after(this.#rebootMs, () => {
      if (this.#generation.get(server.id) !== generation) return;
      server.vmStatus = fails ? 'ERROR' : 'ACTIVE';
      server.taskStatus = null;
      server.sessionCount = 0;
      server.updateTime = new Date().toISOString();
    });
  }
}
