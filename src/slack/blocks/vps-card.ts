import { type PowerAction, powerActions, powerGates } from '../../domain/actions.js';
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
import { restoreOffers } from './restore-offers.js';
import { powerLabel, resourcesLine } from './vps-format.js';

/** A gate that is absent lets the API decide, so the button is offered. */
export function gateAllows(gate: Gate | undefined): boolean {
  return gate === undefined || gate.allowed;
}

/**
 * The `/vps show` card: state, address, OS, resources, and a button for each action the API's
 * gates allow now. Disallowed actions are listed with the API's own reason.
 */
export function renderVpsCard(vps: VpsDetails): SlackMessage {
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
    ]),
  ];

  const buttons: ButtonElement[] = [];
  const refused: string[] = [];
  for (const action of powerActions) {
    const gate = vps.actions[powerGates[action]];
    if (gateAllows(gate)) buttons.push(powerButton(vps.id, action));
    else refused.push(`${powerWords[action].label}: ${esc(gate?.reason ?? 'not allowed now')}`);
  }
  if (gateAllows(vps.actions.canRestart)) {
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
  const restore = restoreOffers(vps);
  refused.push(...restore.refused);
  if (buttons.length > 0) blocks.push(actions('vps_card_actions', buttons));
  blocks.push(...restore.blocks);
  if (refused.length > 0) blocks.push(context(`Not available now — ${refused.join(' · ')}`));
  blocks.push(context(`id \`${vps.id}\``));
  return { text: `${vps.name}: ${vps.powerState}`, blocks };
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
