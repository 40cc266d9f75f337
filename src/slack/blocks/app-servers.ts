import type { AppServer, RebootType } from '../../domain/app-server.js';
import type { AppServersResolution } from '../../domain/resolve-app-server.js';
import { slashCommand } from '../ids.js';
import { renderConfirmation } from './confirmation.js';
import { type Block, context, esc, plainMessage, type SlackMessage, section } from './elements.js';
import { fitList } from './fit-list.js';
import { peopleText } from './policy-words.js';

/** Lines in one list answer; past this the person is asked to filter. 12 per section, 5 sections. */
export const appServerListMax = 60;
const rowsPerSection = 12;
/** Characters of server lines in a confirmation: they share one 3000-character section with the title. */
const confirmationBudget = 2200;

/** `/vps appservers [filter]`: one compact line per server, within Slack's block limits. */
export function renderAppServerList(args: { servers: readonly AppServer[]; filter: string }): SlackMessage {
  const { servers, filter } = args;
  if (servers.length === 0) {
    const text = filter
      ? `No app server matches “${esc(filter)}”. Try \`${slashCommand} appservers\` to see them all.`
      : 'Huawei Workspace has no app servers in this project.';
    return plainMessage(text);
  }
  const shown = servers.slice(0, appServerListMax);
  const sessions = servers.reduce((sum, s) => sum + (s.sessionCount ?? 0), 0);
  const scope = filter ? ` matching “${esc(filter)}”` : '';
  const blocks: Block[] = [
    section(
      `*${servers.length} app server${servers.length === 1 ? '' : 's'}*${scope} · ${sessions} session${sessions === 1 ? '' : 's'} in all`,
    ),
  ];
  // Rows go into sections of at most 12 and under 3000 characters, so no row is cut off.
  let rows: string[] = [];
  for (const line of shown.map(appServerLine)) {
    if (rows.length > 0 && (rows.length === rowsPerSection || [...rows, line].join('\n').length > 2900)) {
      blocks.push(section(rows.join('\n')));
      rows = [];
    }
    rows.push(line);
  }
  if (rows.length > 0) blocks.push(section(rows.join('\n')));
  if (servers.length > shown.length) {
    blocks.push(
      context(
        `…and ${servers.length - shown.length} more. Narrow it down: \`${slashCommand} appservers <name, machine name or group>\`.`,
      ),
    );
  }
  blocks.push(
    context(`\`${slashCommand} appserver reboot <server…> [--hard]\` reboots by name, machine name or id`),
  );
  return { text: `${servers.length} app servers${filter ? ` matching ${filter}` : ''}`, blocks };
}

/** "*app-01* (APS-619200) · ACTIVE · REGISTERED · 3 sessions · office-apps". */
export function appServerLine(s: AppServer): string {
  const vm = `${s.vmStatus ?? 'no vm status'}${s.taskStatus ? ` (${s.taskStatus})` : ''}`;
  const parts = [
    `*${esc(s.name)}*${s.machineName ? ` (${esc(s.machineName)})` : ''}`,
    esc(vm),
    esc(s.status ?? 'unknown'),
    sessionsText(s.sessionCount),
  ];
  if (s.maintainStatus) parts.push('maintenance');
  if (s.serverGroupName) parts.push(esc(s.serverGroupName));
  return parts.join(' · ');
}

function sessionsText(count: number | null): string {
  if (count === null) return 'sessions unknown';
  return count === 0 ? 'no sessions' : `:bust_in_silhouette: ${count} session${count === 1 ? '' : 's'}`;
}

/** Names that fit no server or several: nothing is offered until each is clear. */
export function renderAppServerProblems(problems: AppServersResolution['problems']): SlackMessage {
  const lines = problems.slice(0, 20).map(({ query, resolution }) => {
    if (resolution.kind === 'ambiguous') {
      const candidates = resolution.candidates
        .slice(0, 5)
        .map((c) => `*${esc(c.name)}* (${esc(c.machineName ?? 'no machine name')}, id \`${esc(c.id)}\`)`)
        .join(', ');
      return `• “${esc(query)}” fits ${resolution.candidates.length} app servers: ${candidates}. Name one by its id.`;
    }
    const hint =
      resolution.suggestions.length > 0
        ? ` Did you mean ${resolution.suggestions.map((s) => `*${esc(s)}*`).join(', ')}?`
        : ` See \`${slashCommand} appservers\`.`;
    return `• No app server is called “${esc(query)}”.${hint}`;
  });
  const text = `:warning: Nothing was rebooted:\n${lines.join('\n')}`;
  return { text: 'Nothing was rebooted: some app servers could not be identified', blocks: [section(text)] };
}

/**
 * Said for any app-server command while Huawei is not configured. People read this, so it names
 * no setting: the admin finds them in the README and the doctor.
 */
export function renderAppServersNotConfigured(): SlackMessage {
  return plainMessage(
    ':construction: Huawei Workspace app servers are not set up for this bot, so nothing was done. ' +
      'Ask an admin to connect it (the README’s Huawei settings; `npm run doctor` checks them).',
  );
}

/**
 * The private confirmation before a reboot: every server with its sessions, a warning naming how
 * many people will be logged out, and one more for a HARD reboot.
 */
export function renderAppServerRebootConfirmation(args: {
  confirmationId: string;
  servers: readonly AppServer[];
  type: RebootType;
  expiresInMinutes: number;
  /** Set when confirming only asks for approval: who will be asked. */
  approval?: { readonly required: number; readonly approvers: readonly string[] } | null;
}): SlackMessage {
  const { servers, type } = args;
  const n = servers.length;
  const target = n === 1 ? servers[0]!.name : `${n} app servers`;
  const listed = fitList(
    servers.map((s) => `• ${appServerLine(s)}`),
    confirmationBudget,
    '\n',
  );
  const effect =
    type === 'HARD'
      ? 'A HARD reboot forces each server off and on again.'
      : 'A SOFT reboot restarts each server normally.';
  const loggedIn = servers.filter((s) => (s.sessionCount ?? 0) > 0);
  const people = loggedIn.reduce((sum, s) => sum + (s.sessionCount ?? 0), 0);
  const warnings: string[] = [];
  if (people > 0) {
    warnings.push(
      `${people} session${people === 1 ? ' is' : 's are'} open on ${loggedIn.length} of these servers: ` +
        'the people logged in are disconnected and lose unsaved work.',
    );
  }
  if (servers.some((s) => s.sessionCount === null)) {
    warnings.push('Huawei did not say how many people are logged in on some of them.');
  }
  if (type === 'HARD') {
    warnings.push('HARD reboot: the servers are not shut down cleanly; open files may be damaged.');
  }
  return renderConfirmation({
    confirmationId: args.confirmationId,
    title: `${type === 'HARD' ? 'HARD reboot' : 'Reboot'} ${target}?`,
    what: `${effect}\n${listed}${
      args.approval
        ? `\n:busts_in_silhouette: This needs approval: confirming posts a request in the channel for ${args.approval.required} of ${peopleText(args.approval.approvers)}.`
        : ''
    }`,
    warning: warnings.length > 0 ? warnings.join(' ') : null,
    confirmLabel: args.approval ? 'Ask for approval' : type === 'HARD' ? 'HARD reboot' : 'Reboot',
    expiresInMinutes: args.expiresInMinutes,
  });
}
