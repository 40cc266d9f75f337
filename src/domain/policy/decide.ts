import type { Policy, PolicyRule } from './compiled-policy.js';
import { activeFreeze, upcomingFreeze } from './freeze-windows.js';
import { alwaysNeedApproval, type PolicyAction } from './policy-actions.js';
import {
  type BreakGlassUse,
  type DecisionReason,
  type DecisionRequest,
  type FreezeStatus,
  freezeInfo,
  type PolicyDecision,
} from './policy-decision.js';
import { isEmptyRole, membership, ruleFor, ruleRef } from './rule-for-server.js';

const day = 24 * 60 * 60 * 1000;

/**
 * The one decision: may this person do this to this server, here, now? Every refusal names its
 * reasons, all of them at once (wrong channel and not an operator are both said), with the rule
 * that decided. Reading is governed by `read_channels` alone; acting by the server's rule:
 * channel, operators, freeze, then approval.
 *
 * Break-glass lifts a freeze and the wait for approval, never who may act or where: it is for an
 * operator in a hurry, not a way in for someone else. The two restores keep their approval even
 * then. A break-glass asked for by someone not listed, or without a reason, is refused outright
 * rather than quietly ignored.
 */
export function decide(policy: Policy, request: DecisionRequest): PolicyDecision {
  const { channel, server, action } = request;
  const readRefusal: DecisionReason[] =
    policy.readChannels && !policy.readChannels.has(channel)
      ? [
          {
            code: 'channel_not_allowed',
            params: { channel, allowed: [...policy.readChannels], scope: 'read' },
          },
        ]
      : [];
  if (action === 'read') {
    return {
      verdict: readRefusal.length > 0 ? 'deny' : 'allow',
      rule: null,
      reasons: readRefusal,
      policyHash: policy.hash,
    };
  }
  const rule = server ? ruleFor(policy, server) : null;
  if (!rule) {
    const reasons: DecisionReason[] = [
      ...readRefusal,
      { code: 'no_rule', params: { server: server?.name ?? '' } },
    ];
    return { verdict: 'deny', rule: null, reasons, policyHash: policy.hash };
  }
  return decideAct(policy, rule, action, request, readRefusal);
}

function decideAct(
  policy: Policy,
  rule: PolicyRule,
  action: PolicyAction,
  request: DecisionRequest,
  readRefusal: readonly DecisionReason[],
): PolicyDecision {
  const { person, channel, at } = request;
  const freeze: FreezeStatus = {
    active: freezeInfo(activeFreeze(rule.freeze, at)),
    upcoming: freezeInfo(upcomingFreeze(rule.freeze, at, request.soonMs ?? day)),
  };
  const base = { rule: ruleRef(rule), policyHash: policy.hash, freeze };
  const refusals: DecisionReason[] = [...readRefusal];
  if (readRefusal.length === 0 && rule.channels && !rule.channels.has(channel)) {
    refusals.push({
      code: 'channel_not_allowed',
      params: { channel, allowed: [...rule.channels], scope: 'act' },
    });
  }
  const operator = membership(rule.operators, person);
  if (isEmptyRole(rule.operators)) refusals.push({ code: 'no_operators', params: {} });
  else if (operator === 'not_member')
    refusals.push({ code: 'not_operator', params: { operators: rule.operators } });
  else if (typeof operator === 'object')
    refusals.push({ code: 'membership_unknown', params: { groups: operator.unknown } });

  let breakGlass: { reason: string } | null = null;
  if (request.breakGlass) {
    const reason = request.breakGlass.reason.trim();
    if (reason === '') refusals.push({ code: 'break_glass_reason_missing', params: {} });
    else if (membership(rule.breakGlass, person) !== 'member') {
      refusals.push({ code: 'break_glass_not_allowed', params: { members: rule.breakGlass } });
    } else breakGlass = { reason };
  }
  const frozen: DecisionReason[] = freeze.active ? [{ code: 'frozen', params: freeze.active }] : [];
  if (refusals.length > 0) return { ...base, verdict: 'deny', reasons: [...refusals, ...frozen] };
  if (frozen.length > 0 && !breakGlass) return { ...base, verdict: 'deny', reasons: frozen };

  const skipped: BreakGlassUse['skipped'][number][] = frozen.length > 0 ? ['freeze'] : [];
  const always = alwaysNeedApproval.includes(action);
  const needsApproval = rule.requireApproval.has(action) && (always || !breakGlass);
  if (!needsApproval && rule.requireApproval.has(action)) skipped.push('approval');
  const used = breakGlass ? { reason: breakGlass.reason, skipped } : null;
  const marker = used
    ? { breakGlass: used, reasons: [{ code: 'break_glass_used', params: used } as const] }
    : { reasons: [] };
  if (!needsApproval) return { ...base, verdict: 'allow', ...marker };

  const approvers = rule.approvers.subjects;
  if (isEmptyRole(rule.approvers))
    return { ...base, verdict: 'deny', reasons: [{ code: 'no_approvers', params: {} }] };
  // With people listed by id only, the count is known: the requester never approves their own request.
  const possible = [...approvers.users].filter((u) => u !== person.userId).length;
  if (approvers.userGroups.size === 0 && possible < rule.approvals) {
    const reasons: DecisionReason[] = [
      { code: 'too_few_approvers', params: { required: rule.approvals, possible } },
    ];
    return { ...base, verdict: 'deny', reasons };
  }
  return {
    ...base,
    verdict: 'approval',
    reasons: [
      { code: 'approval_required', params: { action, always, required: rule.approvals } },
      ...marker.reasons,
    ],
    approval: {
      required: rule.approvals,
      approvers,
      written: rule.approvers.written,
      ttlMinutes: rule.approvalTtlMinutes,
    },
    ...(used ? { breakGlass: used } : {}),
  };
}
