import type { ActionName, ActionRequest, AppServerRebootRequest } from '../../domain/action-request.js';
import type { PowerAction } from '../../domain/actions.js';

/**
 * The words for every action, in one place: what a button says, what the action does, what it
 * costs, and the verbs the channel reads ("@ana is restarting web-01", "… restarted web-01").
 * The domain and the services only ever name actions; the Slack layer says them.
 */
export interface PowerWords {
  /** Imperative, for buttons: "Restart". */
  readonly label: string;
  readonly verbPast: string;
  /** "restarting": while it runs. */
  readonly verbIng: string;
  /** What will happen, in a sentence ("asks the operating system to reboot cleanly"). */
  readonly effect: string;
  /** Shown before confirming, for actions that can lose data or drop users. */
  readonly warning: string | null;
}

export const powerWords: Readonly<Record<PowerAction, PowerWords>> = {
  start: {
    label: 'Start',
    verbPast: 'started',
    verbIng: 'starting',
    effect: 'powers the server on',
    warning: null,
  },
  shutdown: {
    label: 'Shut down',
    verbPast: 'shut down',
    verbIng: 'shutting down',
    effect: 'asks the operating system to power off cleanly',
    warning: null,
  },
  stop: {
    label: 'Stop',
    verbPast: 'stopped',
    verbIng: 'stopping',
    effect: 'cuts the power at once, like pulling the plug',
    warning: 'Emergency power-off: unsaved data is lost and disks may need repair. Prefer shutdown.',
  },
  restart: {
    label: 'Restart',
    verbPast: 'restarted',
    verbIng: 'restarting',
    effect: 'asks the operating system to reboot cleanly',
    warning: null,
  },
  reset: {
    label: 'Reset',
    verbPast: 'reset',
    verbIng: 'resetting',
    effect: 'hard-reboots the server without warning the operating system',
    warning: 'Hard reboot: running programs are killed and unsaved data is lost. Prefer restart.',
  },
};

/** A forced restart is an escalation, offered only after a graceful one did not work. */
export const forceRestartWords: PowerWords = {
  label: 'Force restart',
  verbPast: 'force-restarted',
  verbIng: 'force-restarting',
  effect: 'forces a reboot when the operating system does not respond to a graceful restart',
  warning: 'Forced restart: the guest is not asked to shut down; unsaved data may be lost.',
};

/** The action as a short noun phrase: "a restart", "a snapshot restore". */
const actionNouns: Readonly<Record<ActionName, string>> = {
  start: 'start',
  shutdown: 'shutdown',
  stop: 'emergency stop',
  restart: 'restart',
  'force-restart': 'forced restart',
  reset: 'reset (hard reboot)',
  hostname: 'hostname change',
  restore: 'snapshot restore',
  'restore-from': 'restore from another VPS',
  snapshot: 'snapshot',
  'appserver-reboot': 'app-server reboot',
  'appserver-hard-reboot': 'HARD app-server reboot',
};

export function actionNoun(name: string): string {
  return actionNouns[name as ActionName] ?? name;
}

/** "restarted"/"restarting" for an operation's action, whether it came from today's pipeline or from release 0.1. */
export function verbsFor(
  action: string,
  force = false,
): { readonly base: string; readonly past: string; readonly ing: string } {
  if (force && action === 'restart') {
    return { base: 'force-restart', past: forceRestartWords.verbPast, ing: forceRestartWords.verbIng };
  }
  const power = powerWords[action as PowerAction] as PowerWords | undefined;
  if (power) return { base: power.label.toLowerCase(), past: power.verbPast, ing: power.verbIng };
  switch (action) {
    case 'restore':
    case 'restore-from':
      return { base: 'restore', past: 'restored', ing: 'restoring' };
    case 'hostname':
      return {
        base: 'change the hostname of',
        past: 'changed the hostname of',
        ing: 'changing the hostname of',
      };
    case 'snapshot':
      return { base: 'take a snapshot of', past: 'took a snapshot of', ing: 'taking a snapshot of' };
    case 'reboot':
    case 'hard-reboot':
      return { base: 'reboot', past: 'rebooted', ing: 'rebooting' };
    default:
      return { base: action, past: action, ing: action };
  }
}

export interface RequestDescription {
  /** One line: "Restore web-01 to snapshot before-upgrade". */
  readonly title: string;
  /** What the action does, in a sentence. */
  readonly effect: string;
  /** What is lost or disturbed, one sentence each (empty when nothing is). */
  readonly lost: readonly string[];
}

/** The words for a request; renderers add emphasis and escaping. */
export function describeRequest(request: ActionRequest): RequestDescription {
  if (request.kind === 'appserver-reboot') return describeAppServerReboot(request);
  const vps = request.vpsName;
  switch (request.kind) {
    case 'restore':
      return {
        title: `Restore ${vps} to snapshot ${request.snapshot.name}`,
        effect: `Puts the disk of ${vps} back to how it was in snapshot ${request.snapshot.name}.`,
        lost: [
          `The current disk of ${vps} is replaced: everything written since the snapshot was taken is lost.`,
        ],
      };
    case 'restore-from':
      return {
        title: `Replace the disk of ${vps} with backup ${request.backup.id} of ${request.source.name}`,
        effect: `Copies backup ${request.backup.id} of ${request.source.name} onto ${vps}.`,
        lost: [
          `The current disk of ${vps} is replaced and lost.`,
          `${vps} is stopped first, and its network settings are re-applied when it starts again.`,
        ],
      };
    case 'power': {
      const words =
        request.force && request.action === 'restart' ? forceRestartWords : powerWords[request.action];
      return {
        title: `${words.label} ${vps}`,
        effect: `This ${words.effect}.`,
        lost: words.warning ? [words.warning] : [],
      };
    }
    case 'snapshot':
      return {
        title: `Take snapshot ${request.name} of ${vps}`,
        effect:
          request.purpose === 'safety'
            ? `Saves the current disk of ${vps} as snapshot ${request.name}, the way back if the restore goes wrong.`
            : `Saves the current disk of ${vps} as snapshot ${request.name}; HostUp keeps it about 24 hours.`,
        lost: [],
      };
    case 'hostname':
      return {
        title: `Change the hostname of ${vps} to ${request.hostname}`,
        effect: `Sets the hostname of ${vps} from ${request.currentHostname ?? 'unknown'} to ${request.hostname}; reverse DNS follows.`,
        lost: [],
      };
  }
}

/** "HARD reboot 2 app servers": a forced restart, and who is logged out by it. */
function describeAppServerReboot(request: AppServerRebootRequest): RequestDescription {
  const { servers, hard } = request;
  const n = servers.length;
  const which = n === 1 ? servers[0]!.name : `${n} app servers`;
  const people = servers.reduce((sum, s) => sum + (s.sessionCount ?? 0), 0);
  const busy = servers.filter((s) => (s.sessionCount ?? 0) > 0).length;
  const unknown = servers.filter((s) => s.sessionCount === null).length;
  const lost: string[] = [];
  if (people > 0) {
    lost.push(
      `${people} ${people === 1 ? 'person is' : 'people are'} logged in on ${busy === 1 && n === 1 ? 'it' : `${busy} of them`}: ` +
        `${people === 1 ? 'their session is' : 'their sessions are'} cut off and unsaved work is lost.`,
    );
  } else if (unknown === 0) {
    lost.push('Nobody was logged in when this was asked, but anyone who logs in before it runs is cut off.');
  }
  if (unknown > 0) {
    lost.push(
      `Huawei did not say how many people are logged in on ${unknown === n ? (n === 1 ? 'it' : 'them') : `${unknown} of them`}: anyone who is loses their session.`,
    );
  }
  if (hard) lost.push('The servers are not shut down cleanly: open files may be damaged.');
  return {
    title: `${hard ? 'HARD reboot' : 'Reboot'} ${which}`,
    effect: hard
      ? `Forces a reboot of ${which} at once (${names(servers)}), without a clean shutdown.`
      : `Reboots ${which} (${names(servers)}).`,
    lost,
  };
}

/** At most 10 names, then how many more: the effect sentence stays short for Slack. */
function names(servers: readonly { readonly name: string }[]): string {
  const shown = servers.slice(0, 10).map((s) => s.name);
  const more = servers.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** "1 of 2 approvals". */
export function approvalsText(votes: number, required: number): string {
  return `${Math.min(votes, required)} of ${required} approval${required === 1 ? '' : 's'}`;
}
