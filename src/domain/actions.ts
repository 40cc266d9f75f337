import type { GateName } from './vps.js';

/**
 * The power actions HostUp offers on a VPS. Everything else about actions is in
 * action-catalogue.ts (what they are) and slack/blocks/action-words.ts (how they are said).
 */
export type PowerAction = 'start' | 'shutdown' | 'stop' | 'restart' | 'reset';

export const powerActions: readonly PowerAction[] = ['start', 'shutdown', 'stop', 'restart', 'reset'];

/** The HostUp gate each power action names (canStart/canShutdown/canStop are unsure in the docs). */
export const powerGates: Readonly<Record<PowerAction, GateName>> = {
  start: 'canStart',
  shutdown: 'canShutdown',
  stop: 'canStop',
  restart: 'canRestart',
  reset: 'canReset',
};
