import type { Policy, PolicyRule, RoleMembers } from './compiled-policy.js';
import type { Person, RuleRef, ServerRef } from './policy-decision.js';

/** The first rule whose match fits the server: any name glob on its name or hostname, and its provider. */
export function ruleFor(policy: Policy, server: ServerRef): PolicyRule | null {
  const candidates = [server.name, server.hostname ?? ''].filter((n) => n !== '');
  return (
    policy.rules.find(
      (rule) =>
        (rule.match.providers === null || rule.match.providers.has(server.provider)) &&
        rule.match.patterns.some((p) => candidates.some((n) => p.test(n))),
    ) ?? null
  );
}

export function ruleRef(rule: PolicyRule): RuleRef {
  return {
    index: rule.index,
    line: rule.line,
    description: rule.description,
    fingerprint: rule.fingerprint,
    names: rule.match.names,
    providers: rule.match.providers ? [...rule.match.providers] : null,
  };
}

/**
 * The user groups (`S…`) whose members the caller must look up to decide for this server (its
 * rule's operators, approvers and break-glass), or for every rule when no server is given.
 */
export function referencedUserGroups(policy: Policy, server?: ServerRef): ReadonlySet<string> {
  const rule = server ? ruleFor(policy, server) : null;
  const rules = server ? (rule ? [rule] : []) : policy.rules;
  const ids = new Set<string>();
  for (const r of rules) {
    for (const role of [r.operators, r.approvers, r.breakGlass])
      for (const g of role.subjects.userGroups) ids.add(g);
  }
  return ids;
}

export type Membership = 'member' | 'not_member' | { readonly unknown: readonly string[] };

/** Whether a person holds a role: listed by id, or in a listed user group; unknown when a lookup failed. */
export function membership(role: RoleMembers, person: Person): Membership {
  const { users, userGroups } = role.subjects;
  if (users.has(person.userId)) return 'member';
  if ([...person.userGroups].some((g) => userGroups.has(g))) return 'member';
  const unknown = [...(person.unknownGroups ?? [])].filter((g) => userGroups.has(g));
  return unknown.length > 0 ? { unknown } : 'not_member';
}

export function isEmptyRole(role: RoleMembers): boolean {
  return role.subjects.users.size === 0 && role.subjects.userGroups.size === 0;
}
