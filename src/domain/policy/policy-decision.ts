import type { RoleMembers, Subjects } from './compiled-policy.js';
import type { FreezeSpan } from './freeze-windows.js';
import type { PolicyAction, PolicyProvider, PolicyQuestion } from './policy-actions.js';

/**
 * What the decision function is asked and what it answers, as neutral data: codes with
 * parameters, never sentences. The Slack layer (and the CLI) put it into words.
 */

export interface ServerRef {
  readonly provider: PolicyProvider;
  readonly name: string;
  readonly hostname?: string | null;
}

/**
 * Who is asking, as a snapshot: the user id and the user groups (`S…`) the caller found them in.
 * Resolving groups needs Slack, so the caller does it, for the groups `referencedUserGroups`
 * lists. Groups whose lookup failed go in `unknownGroups`: a doubt then denies, and says so.
 */
export interface Person {
  readonly userId: string;
  readonly userGroups: ReadonlySet<string>;
  readonly unknownGroups?: ReadonlySet<string>;
}

export interface DecisionRequest {
  /** null only when looking without a server in mind (`list`, `jobs`). */
  readonly server: ServerRef | null;
  readonly action: PolicyQuestion;
  readonly person: Person;
  readonly channel: string;
  /** Epoch ms. */
  readonly at: number;
  /** `--break-glass "<reason>"`, as typed. */
  readonly breakGlass?: { readonly reason: string };
  /** How far ahead a freeze counts as "soon"; default 24 h. */
  readonly soonMs?: number;
}

export type Verdict = 'allow' | 'approval' | 'deny';

/** The rule that decided, enough to name it ("rule 1, line 5") and to notice it changed. */
export interface RuleRef {
  readonly index: number;
  readonly line: number | null;
  readonly description: string | null;
  readonly fingerprint: string;
  /** The match as written, e.g. `['db-*']`, and its providers (null: any). */
  readonly names: readonly string[];
  readonly providers: readonly PolicyProvider[] | null;
}

export interface FreezeInfo {
  readonly kind: 'absolute' | 'weekly';
  /** Epoch ms: [from, until). */
  readonly from: number;
  readonly until: number;
  readonly reason: string | null;
  readonly line: number | null;
  /** The zone a weekly window is written in; null for absolute windows. */
  readonly timeZone: string | null;
}

export interface FreezeStatus {
  readonly active: FreezeInfo | null;
  /** The next freeze starting within the "soon" horizon. */
  readonly upcoming: FreezeInfo | null;
}

export interface ApprovalNeed {
  readonly required: number;
  readonly approvers: Subjects;
  /** The approvers as the rule lists them (group names, ids): "needs 2 of oncall". */
  readonly written: readonly string[];
  /** null: the deployment's APPROVAL_TTL_MINUTES. */
  readonly ttlMinutes: number | null;
}

export interface BreakGlassUse {
  readonly reason: string;
  /** What it let the person skip; empty when nothing stood in the way (still to be made loud). */
  readonly skipped: readonly ('freeze' | 'approval')[];
}

export type DecisionReason =
  | {
      readonly code: 'channel_not_allowed';
      readonly params: {
        readonly channel: string;
        readonly allowed: readonly string[];
        readonly scope: 'read' | 'act';
      };
    }
  | { readonly code: 'no_rule'; readonly params: { readonly server: string } }
  | { readonly code: 'no_operators'; readonly params: Record<string, never> }
  | { readonly code: 'not_operator'; readonly params: { readonly operators: RoleMembers } }
  | { readonly code: 'membership_unknown'; readonly params: { readonly groups: readonly string[] } }
  | { readonly code: 'frozen'; readonly params: FreezeInfo }
  | {
      readonly code: 'approval_required';
      readonly params: { readonly action: PolicyAction; readonly always: boolean; readonly required: number };
    }
  | { readonly code: 'no_approvers'; readonly params: Record<string, never> }
  | {
      readonly code: 'too_few_approvers';
      readonly params: { readonly required: number; readonly possible: number };
    }
  | { readonly code: 'not_approver'; readonly params: { readonly approvers: RoleMembers } }
  | { readonly code: 'break_glass_not_allowed'; readonly params: { readonly members: RoleMembers } }
  | { readonly code: 'break_glass_reason_missing'; readonly params: Record<string, never> }
  | { readonly code: 'break_glass_used'; readonly params: BreakGlassUse };

export type DecisionReasonCode = DecisionReason['code'];

export interface PolicyDecision {
  readonly verdict: Verdict;
  /** null when no rule matches the server, and for reading (governed by read_channels). */
  readonly rule: RuleRef | null;
  readonly reasons: readonly DecisionReason[];
  readonly policyHash: string;
  /** Present when the verdict is `approval`: who will be asked and how many must agree. */
  readonly approval?: ApprovalNeed;
  /** The rule's freezes now and soon (acting questions on a matched rule only). */
  readonly freeze?: FreezeStatus;
  /** Present when a valid break-glass was used: the caller must make it loud and audit it. */
  readonly breakGlass?: BreakGlassUse;
}

export function freezeInfo(span: FreezeSpan | null): FreezeInfo | null {
  if (!span) return null;
  const w = span.window;
  return {
    kind: w.kind,
    from: span.from,
    until: span.until,
    reason: w.reason,
    line: w.line,
    timeZone: w.kind === 'weekly' ? w.timeZone : null,
  };
}
