import type { PolicyAction, PolicyProvider } from './policy-actions.js';

/**
 * A policy as the decision function uses it: every group name resolved to ids, every glob
 * compiled, every default filled in. Built only by `compilePolicy` (a file) or
 * `policyFromSettings` (the environment), so a Policy value is always a valid one.
 */
export interface Policy {
  /** Where it came from: a file path, or the environment variables. */
  readonly source: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'settings' };
  /** sha256 (hex) of the file's bytes, or of the settings' canonical form. */
  readonly hash: string;
  /** Channels where `/vps` answers at all (looking); null means every channel. */
  readonly readChannels: ReadonlySet<string> | null;
  /** In file order; the first whose match fits a server decides for it. */
  readonly rules: readonly PolicyRule[];
}

/** Slack user ids (`U…`, `W…`) and user-group ids (`S…`). */
export interface Subjects {
  readonly users: ReadonlySet<string>;
  readonly userGroups: ReadonlySet<string>;
}

export interface PolicyRule {
  /** 0-based position in `rules`. */
  readonly index: number;
  /** The line of the rule's `-` in the file; null for the rule made from the environment. */
  readonly line: number | null;
  /** The rule's `description`, when it has one. */
  readonly description: string | null;
  /** sha256 (hex) of the rule's meaning (not its position or line): changes when what it says changes. */
  readonly fingerprint: string;
  readonly match: RuleMatch;
  readonly operators: RoleMembers;
  readonly approvers: RoleMembers;
  readonly breakGlass: RoleMembers;
  /** Distinct approvers a request needs, 1 or more. */
  readonly approvals: number;
  /** Actions that wait for approval; always includes the two restores. */
  readonly requireApproval: ReadonlySet<PolicyAction>;
  /** Channels where actions on these servers may be asked for; null means every channel. */
  readonly channels: ReadonlySet<string> | null;
  /** How long a request stays open, in minutes; null means the deployment's APPROVAL_TTL_MINUTES. */
  readonly approvalTtlMinutes: number | null;
  readonly freeze: readonly FreezeWindow[];
  readonly safety: RuleSafety;
}

export interface RuleMatch {
  /** Globs as written; a server fits when any matches its name or its hostname. */
  readonly names: readonly string[];
  readonly patterns: readonly RegExp[];
  /** null means any provider. */
  readonly providers: ReadonlySet<PolicyProvider> | null;
}

/** Who holds a role: the resolved ids, and the entries as written (group names or ids). */
export interface RoleMembers {
  readonly subjects: Subjects;
  /** Entries as the rule lists them, e.g. `['seniors', 'U0BO']`; for the preview. */
  readonly written: readonly string[];
}

export type FreezeWindow = AbsoluteFreeze | WeeklyFreeze;

export interface AbsoluteFreeze {
  readonly kind: 'absolute';
  readonly line: number | null;
  /** Epoch ms; the window is [from, to). */
  readonly from: number;
  readonly to: number;
  readonly reason: string | null;
}

/** 0 = Monday … 6 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WeeklyFreeze {
  readonly kind: 'weekly';
  readonly line: number | null;
  /** The days a window starts on. */
  readonly days: ReadonlySet<Weekday>;
  /** Minutes after local midnight; `to` is exclusive, 1440 for "to the end of the day". */
  readonly fromMinute: number;
  readonly toMinute: number;
  /** IANA zone whose wall clock the times are in. */
  readonly timeZone: string;
  readonly reason: string | null;
}

/** Keys of the safety issue: parsed and validated here, acted on by the pipeline. */
export interface RuleSafety {
  readonly safetyPoint: 'required' | 'when_possible' | 'off';
  readonly graceSeconds: number;
  /** null: the default, which is a canary for hard reboots only (see `canaryApplies`). */
  readonly canary: boolean | null;
}

/** Whether a batch action on this rule's servers starts with one server first. */
export function canaryApplies(safety: RuleSafety, action: PolicyAction): boolean {
  return safety.canary ?? action === 'appserver-hard-reboot';
}
