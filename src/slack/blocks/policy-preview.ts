import type { ActionName } from '../../domain/action-request.js';
import type { RulePreview } from '../../domain/policy/index.js';
import type { ActDecision } from '../../services/acting/policy-service.js';
import { actionNoun } from './action-words.js';
import { type Block, context, esc, fields, type SlackMessage, section } from './elements.js';
import { freezeTime, peopleText, ruleText } from './policy-words.js';
import { refusalText } from './refusals.js';

/** The answer to `/vps policy <vps> [action]`: the rule, in words, and what it means for this person. */
export function renderPolicyPreview(args: {
  vpsName: string;
  preview: RulePreview | null;
  action: ActionName | null;
  decision: ActDecision | null;
  user: string;
}): SlackMessage {
  const name = esc(args.vpsName);
  const p = args.preview;
  if (!p) {
    const text = `No policy rule covers *${name}*, so nobody may act on it. Ask an admin to add one.`;
    return { text, blocks: [section(text)] };
  }
  const rule = ruleText(p.rule);
  const blocks: Block[] = [
    section(`*Policy for ${name}*${rule ? ` — ${rule}` : ''}`),
    fields([
      ['Who may act', peopleText(p.operators)],
      [
        'Who approves',
        p.approvers.written.length > 0 ? `${p.approvals} of ${peopleText(p.approvers)}` : 'nobody',
      ],
      ['Needs approval', p.needApproval.map((a) => actionNoun(a)).join(', ')],
      ['Channels', p.channels ? p.channels.map((c) => `<#${c}>`).join(', ') : 'any'],
      ['Break-glass', peopleText(p.breakGlass)],
      ['Freeze', freezeText(p)],
    ]),
  ];
  if (args.action && args.decision) blocks.push(section(decisionText(args.action, args.decision, name)));
  blocks.push(context('Only you can see this.'));
  return { text: `Policy for ${args.vpsName}`, blocks };
}

function freezeText(p: RulePreview): string {
  const { active, upcoming } = p.freeze;
  if (active)
    return `:snowflake: frozen until ${freezeTime(active.until, active)}${active.reason ? `: ${esc(active.reason)}` : ''}`;
  if (upcoming)
    return `from ${freezeTime(upcoming.from, upcoming)}${upcoming.reason ? ` (${esc(upcoming.reason)})` : ''}`;
  return 'none now or within a day';
}

function decisionText(action: ActionName, d: ActDecision, name: string): string {
  const what = `a ${actionNoun(action)} of *${name}*`;
  switch (d.verdict) {
    case 'allow':
      return `:white_check_mark: You may ask for ${what} here now; it runs after your Confirm.`;
    case 'approval':
      return `:busts_in_silhouette: You may ask for ${what}; it needs ${d.required} approval${d.required === 1 ? '' : 's'} of ${peopleText(d.decision.approval?.written ?? [])}.`;
    case 'deny':
      return `:no_entry: You may not ask for ${what} here now: ${refusalText(d.refusal)}`;
  }
}
