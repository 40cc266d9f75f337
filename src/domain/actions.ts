import type { GateName } from './vps.js';

/**
 * The catalogue of things the bot can do to a VPS: one entry per action, with the words a person
 * reads and the gate the API uses to allow it. Slack renderers and the parser both read from here.
 */
export type PowerAction = 'start' | 'shutdown' | 'stop' | 'restart' | 'reset';

export const powerActions: readonly PowerAction[] = ['start', 'shutdown', 'stop', 'restart', 'reset'];

export interface PowerActionInfo {
  readonly action: PowerAction;
  /** Past tense, for "@ana restarted web-01". */
  readonly verbPast: string;
  /** Imperative, for buttons. */
  readonly label: string;
  /** What will happen, in a sentence. */
  readonly effect: string;
  /** A warning shown before confirming, for actions that can lose data or drop users. */
  readonly warning: string | null;
  readonly gate: GateName | null;
}

export const powerActionInfo: Readonly<Record<PowerAction, PowerActionInfo>> = {
  start: {
    action: 'start',
    verbPast: 'started',
    label: 'Start',
    effect: 'powers the server on',
    warning: null,
    gate: 'canStart',
  },
  shutdown: {
    action: 'shutdown',
    verbPast: 'shut down',
    label: 'Shut down',
    effect: 'asks the operating system to power off cleanly',
    warning: null,
    gate: 'canShutdown',
  },
  stop: {
    action: 'stop',
    verbPast: 'stopped',
    label: 'Stop',
    effect: 'cuts the power at once, like pulling the plug',
    warning: 'Emergency power-off: unsaved data is lost and disks may need repair. Prefer shutdown.',
    gate: 'canStop',
  },
  restart: {
    action: 'restart',
    verbPast: 'restarted',
    label: 'Restart',
    effect: 'asks the operating system to reboot cleanly',
    warning: null,
    gate: 'canRestart',
  },
  reset: {
    action: 'reset',
    verbPast: 'reset',
    label: 'Reset',
    effect: 'hard-reboots the server without warning the operating system',
    warning: 'Hard reboot: running programs are killed and unsaved data is lost. Prefer restart.',
    gate: 'canReset',
  },
};

/** A forced restart is an escalation, offered only after a graceful one did not work. */
export const forceRestartInfo = {
  label: 'Force restart',
  effect: 'forces a reboot when the operating system does not respond to a graceful restart',
  warning: 'Forced restart: the guest is not asked to shut down; unsaved data may be lost.',
} as const;
