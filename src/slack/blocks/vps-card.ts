import type { ActionName } from '../../domain/action-request.js';
import { type PowerAction, powerActions, powerGates } from '../../domain/actions.js';
import type { Refusal } from '../../domain/refusals.js';
import type { Gate, VpsDetails } from '../../domain/vps.js';
import { encodeValue } from '../action-values.js';
import { ActionId, suffixed } from '../ids.js';
import { forceRestartWords, powerWords } from './action-words.js';
import {
  actions,
  type Block,
  type ButtonElement,
  button,
  context,
  esc,
  fields,
  header,
  type SlackMessage,
} from './elements.js';
import { refusalText } from './refusals.js';
import { restoreOffers } from './restore-offers.js';
import { powerLabel, resourcesLine } from './vps-format.js';

/** A gate that is absent lets the API decide, so the button is offered. */
export function gateAllows(gate: Gate | undefined): boolean {
  return gate === undefined || gate.allowed;
}

/**
 * What the person looking may do, as the policy decided per action: `denied` actions get no
 * button (the card says why instead), `approval` ones say they will ask for approval.
 */
export interface CardAccess {
  readonly denied: ReadonlyMap<ActionName, Refusal>;
  readonly approval: ReadonlySet<ActionName>;
}

/** Everyone may do everything: for callers that show a card without a person in mind. */
export const openAccess: CardAccess = { denied: new Map(), approval: new Set() };

/**
 * The `/vps show` card: state, address, OS, resources, and a button for each action the API's
 * gates and the policy allow now. What is not offered is listed with why: the API's own reason
 * (or the state it is in), and the policy's refusal for the person looking.
 */
export function renderVpsCard(
  vps: VpsDetails,
  options: { access?: CardAccess; snapshotCount?: number | null } = {},
): SlackMessage {
  const access = options.access ?? openAccess;
  const blocks: Block[] = [
    header(vps.name),
    fields([
      ['Power', powerLabel(vps.powerState)],
      ['Service', vps.serviceStatus],
      ['Primary IP', vps.primaryIp ?? '—'],
      ['Hostname', vps.hostname ? esc(vps.hostname) : '—'],
      ['OS', vps.operatingSystem ? esc(vps.operatingSystem) : '—'],
      ['Resources', resourcesLine(vps)],
      ...(vps.productName ? [['Plan', esc(vps.productName)] as const] : []),
      ...(options.snapshotCount != null ? [['Snapshots', String(options.snapshotCount)] as const] : []),
    ]),
  ];

  const buttons: ButtonElement[] = [];
  const refused: string[] = [];
  // Actions HostUp would allow but the policy does not let this person ask for.
  const notYours = new Map<ActionName, Refusal>();
  const allowedFor = (action: ActionName): boolean => {
    const refusal = access.denied.get(action);
    if (refusal) notYours.set(action, refusal);
    return !refusal;
  };
  for (const action of powerActions) {
    const gate = vps.actions[powerGates[action]];
    if (!gateAllows(gate)) {
      refused.push(
        `${powerWords[action].label}: ${esc(gate?.reason ?? `not while it is ${vps.powerState}`)}`,
      );
    } else if (allowedFor(action)) buttons.push(powerButton(vps.id, action));
  }
  if (gateAllows(vps.actions.canRestart) && allowedFor('force-restart')) {
    buttons.push(
      button({
        actionId: suffixed(ActionId.requestPowerAction, 'force'),
        text: forceRestartWords.label,
        value: encodeValue({ vpsId: vps.id, action: 'restart', force: true }),
        style: 'danger',
        confirm: {
          title: 'Force a restart?',
          text: `${forceRestartWords.warning} Use it only when a normal restart of ${esc(vps.name)} did not work.`,
          confirm: 'Force restart',
        },
      }),
    );
  }
  const restore = restoreOffers(vps, { denied: access.denied, snapshotCount: options.snapshotCount ?? null });
  refused.push(...restore.refused);
  for (const action of restore.notYours) allowedFor(action);
  if (buttons.length > 0) blocks.push(actions('vps_card_actions', buttons));
  blocks.push(...restore.blocks);
  // Said only of actions that have a button here.
  const offered = new Set(buttons.map((b) => b.action_id));
  const buttonOf = (a: ActionName) =>
    suffixed(ActionId.requestPowerAction, a === 'force-restart' ? 'force' : a);
  const approval = [...access.approval].filter((a) => offered.has(buttonOf(a)));
  if (approval.length > 0)
    blocks.push(context(`:busts_in_silhouette: Needs approval first: ${names(approval)}.`));
  if (refused.length > 0) blocks.push(context(`Not available now — ${refused.join(' · ')}`));
  blocks.push(...deniedLines(notYours));
  blocks.push(context(`id \`${vps.id}\``));
  return { text: `${vps.name}: ${vps.powerState}`, blocks };
}

/** The policy's refusals, grouped by what they say: one line for every action refused alike. */
function deniedLines(denied: ReadonlyMap<ActionName, Refusal>): Block[] {
  const byText = new Map<string, ActionName[]>();
  for (const [action, refusal] of denied) {
    const text = refusalText(refusal);
    byText.set(text, [...(byText.get(text) ?? []), action]);
  }
  return [...byText].map(([text, list]) => context(`:no_entry: Not for you — ${names(list)}: ${text}`));
}

const cardNames: Partial<Record<ActionName, string>> = {
  ...Object.fromEntries(powerActions.map((a) => [a, powerWords[a].label])),
  'force-restart': forceRestartWords.label,
  restore: 'Restore snapshot',
  'restore-from': 'Restore from another VPS',
};

function names(list: readonly ActionName[]): string {
  return list.map((a) => cardNames[a] ?? a).join(', ');
}

function powerButton(vpsId: string, action: PowerAction): ButtonElement {
  const info = powerWords[action];
  return button({
    actionId: suffixed(ActionId.requestPowerAction, action),
    text: info.label,
    value: encodeValue({ vpsId, action }),
    ...(info.warning ? { style: 'danger' as const } : {}),
  });
}
