import type { Clock } from '../../clock.js';
import type { ActionName, ActionRequest } from '../../domain/action-request.js';
import { actionNameOf, providerOf, serversOf } from '../../domain/action-request.js';
import { GroupMembers } from '../../domain/group-members.js';
import {
  type ApprovalBasis,
  type ApprovalLapse,
  type ApproverCheck,
  approvalLapses,
  canaryApplies,
  decide,
  mayActSomewhere,
  mayApprove,
  type Person,
  type Policy,
  type PolicyDecision,
  type PolicyHolder,
  referencedUserGroups,
  ruleFor,
  type ServerRef,
} from '../../domain/policy/index.js';
import type { Refusal } from '../../domain/refusals.js';

export interface PolicyServiceOptions {
  readonly holder: PolicyHolder;
  /** Current members of a Slack user group (`usergroups.users.list`). */
  readonly membersOf: (groupId: string) => Promise<readonly string[]>;
  readonly clock: Clock;
  /** How long a group's member list is trusted; default 60 s. */
  readonly groupCacheTtlMs?: number;
}

/** The safety keys that hold for a request: the strictest of its servers' rules. */
export interface RequestSafety {
  readonly safetyPoint: 'required' | 'when_possible' | 'off';
  readonly graceSeconds: number;
  /** A batch starts with one server alone. */
  readonly canary: boolean;
}

const strictness = { off: 0, when_possible: 1, required: 2 } as const;

/** What the policy says about acting, with the refusal already in the neutral shape. */
export type ActDecision =
  | { readonly verdict: 'allow'; readonly decision: PolicyDecision }
  | { readonly verdict: 'approval'; readonly decision: PolicyDecision; readonly required: number }
  | { readonly verdict: 'deny'; readonly decision: PolicyDecision; readonly refusal: Refusal };

/**
 * The policy in force, asked the way the bot asks it: every decision (read, act, approve) goes
 * through the domain's one decision function, with the person's user groups looked up first (only
 * the groups the policy names, cached briefly; a failed lookup counts as a doubt, which denies).
 */
export class PolicyService {
  readonly #holder: PolicyHolder;
  readonly #groups: GroupMembers;
  readonly #clock: Clock;

  constructor(options: PolicyServiceOptions) {
    this.#holder = options.holder;
    this.#clock = options.clock;
    this.#groups = new GroupMembers(options.membersOf, options.clock, options.groupCacheTtlMs ?? 60_000);
  }

  get current(): Policy {
    return this.#holder.current;
  }

  /** Whether `/vps` answers in this channel at all. */
  async mayRead(channel: string): Promise<Refusal | null> {
    const decision = decide(this.current, {
      server: null,
      action: 'read',
      person: { userId: '', userGroups: new Set() },
      channel,
      at: this.#clock.now(),
    });
    return decision.verdict === 'deny'
      ? { code: 'policy', action: 'read', server: null, rule: null, reasons: decision.reasons }
      : null;
  }

  /**
   * Refuses, before any server is looked up, a person whom no rule for this provider lets act.
   * Everyone else goes on to the server's own rule.
   */
  async mayActSomewhere(user: string, provider: 'hostup' | 'huawei'): Promise<Refusal | null> {
    const policy = this.current;
    const groups = new Set<string>();
    for (const rule of policy.rules) for (const g of rule.operators.subjects.userGroups) groups.add(g);
    const person = await this.#personIn(user, groups);
    const verdict = mayActSomewhere(policy, provider, person);
    return verdict.allowed
      ? null
      : { code: 'policy', action: 'act', server: null, rule: verdict.rule, reasons: verdict.reasons };
  }

  /** May `user` ask for `request` from `channel` now, and who must approve it first? */
  decideAct(args: {
    user: string;
    request: ActionRequest;
    channel: string;
    breakGlass?: { readonly reason: string };
  }): Promise<ActDecision> {
    return this.decideAction({
      ...args,
      action: actionNameOf(args.request),
      servers: policyServers(args.request),
    });
  }

  /** The same question before the request is complete (a restore form, before a snapshot is picked). */
  async decideAction(args: {
    user: string;
    action: ActionName;
    servers: readonly ServerRef[];
    channel: string;
    breakGlass?: { readonly reason: string };
  }): Promise<ActDecision> {
    const policy = this.current;
    const { action, servers } = args;
    const person = await this.person(args.user, policy, servers);
    const at = this.#clock.now();
    const decisions = servers.map((server) =>
      decide(policy, {
        server,
        action,
        person,
        channel: args.channel,
        at,
        ...(args.breakGlass ? { breakGlass: args.breakGlass } : {}),
      }),
    );
    const denied = decisions.find((d) => d.verdict === 'deny');
    if (denied) {
      const at = decisions.indexOf(denied);
      return {
        verdict: 'deny',
        decision: denied,
        refusal: {
          code: 'policy',
          action,
          server: servers[at]!.name,
          rule: denied.rule,
          reasons: denied.reasons,
        },
      };
    }
    const asking = decisions.filter((d) => d.verdict === 'approval');
    if (asking.length > 0) {
      const strictest = asking.reduce((a, b) =>
        (b.approval?.required ?? 1) > (a.approval?.required ?? 1) ? b : a,
      );
      return { verdict: 'approval', decision: strictest, required: strictest.approval?.required ?? 1 };
    }
    return { verdict: 'allow', decision: decisions[0]! };
  }

  /**
   * Why an approval given under `basis` no longer holds now, for each of the request's servers:
   * the policy or the server's rule changed, or an approver who counted is no longer one.
   */
  async lapses(
    basis: ApprovalBasis,
    request: ActionRequest,
    approverIds: readonly string[],
  ): Promise<ApprovalLapse[]> {
    const policy = this.current;
    const servers = policyServers(request);
    const approvers = await Promise.all(approverIds.map((id) => this.person(id, policy, servers)));
    const all = servers.flatMap((server) => approvalLapses(basis, policy, server, approvers));
    // The same lapse on several servers of one request is said once.
    return [...new Map(all.map((l) => [JSON.stringify(l), l])).values()];
  }

  /** The approvers of the request's rule, as written (for mentions); empty when no rule covers it. */
  approversOf(request: ActionRequest): readonly string[] {
    const written = new Set<string>();
    for (const server of policyServers(request)) {
      for (const entry of ruleFor(this.current, server)?.approvers.written ?? []) written.add(entry);
    }
    return [...written];
  }

  /** Whether the rules for the request's servers count `user` as an approver (every one must). */
  async mayApprove(user: string, request: ActionRequest): Promise<Refusal | null> {
    const policy = this.current;
    const servers = policyServers(request);
    const person = await this.person(user, policy, servers);
    const checks: ApproverCheck[] = servers.map((server) => mayApprove(policy, server, person));
    const refused = checks.findIndex((c) => !c.allowed);
    if (refused < 0) return null;
    const check = checks[refused]!;
    return {
      code: 'policy',
      action: 'approve',
      server: servers[refused]!.name,
      rule: check.rule,
      reasons: check.reasons,
    };
  }

  /**
   * `safety_point`, `grace_seconds` and `canary` for the request's servers: a server whose rule
   * asks for more safety wins (required over when_possible over off, the longest countdown, a
   * canary if any rule wants one).
   */
  safetyFor(request: ActionRequest): RequestSafety {
    const action = actionNameOf(request);
    const rules = policyServers(request).map((s) => ruleFor(this.current, s));
    let safety: RequestSafety = { safetyPoint: 'off', graceSeconds: 0, canary: false };
    for (const rule of rules) {
      if (!rule) continue;
      const s = rule.safety;
      safety = {
        safetyPoint:
          strictness[s.safetyPoint] > strictness[safety.safetyPoint] ? s.safetyPoint : safety.safetyPoint,
        graceSeconds: Math.max(safety.graceSeconds, s.graceSeconds),
        canary: safety.canary || canaryApplies(s, action),
      };
    }
    return safety;
  }

  /** The person as the policy sees them: their user id and the named groups they are in. */
  async person(userId: string, policy: Policy, servers: readonly ServerRef[]): Promise<Person> {
    const groups = new Set<string>();
    for (const server of servers) for (const g of referencedUserGroups(policy, server)) groups.add(g);
    return this.#personIn(userId, groups);
  }

  async #personIn(userId: string, groups: ReadonlySet<string>): Promise<Person> {
    const userGroups = new Set<string>();
    const unknownGroups = new Set<string>();
    await Promise.all(
      [...groups].map(async (group) => {
        try {
          if ((await this.#groups.members(group)).has(userId)) userGroups.add(group);
        } catch {
          unknownGroups.add(group);
        }
      }),
    );
    return { userId, userGroups, ...(unknownGroups.size > 0 ? { unknownGroups } : {}) };
  }
}

/** The request's servers as the policy matches them (by name, and hostname when known). */
export function policyServers(request: ActionRequest): ServerRef[] {
  const provider = providerOf(request);
  const hostname = 'vpsHostname' in request ? (request.vpsHostname ?? null) : null;
  return serversOf(request).map((s) => ({ provider, name: s.name, ...(hostname ? { hostname } : {}) }));
}

/** A VPS as the policy matches it, before any request about it exists. */
export function vpsPolicyServer(vps: {
  readonly name: string;
  readonly hostname?: string | null;
}): ServerRef {
  return { provider: 'hostup', name: vps.name, ...(vps.hostname ? { hostname: vps.hostname } : {}) };
}
