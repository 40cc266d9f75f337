import type { ActionName } from './action-request.js';
import type { ApprovalLapse, DecisionReason, RuleRef } from './policy/index.js';

/**
 * Why the bot will not do something, as a code with what the sentence needs. The domain and the
 * services return these; slack/blocks/refusals.ts is the one place that words them. Provider
 * reasons (`reason` of a gate) are HostUp's own text and are passed through as data.
 */
export type Refusal =
  /** The policy said no: the rule that decided and all of its reasons. */
  | {
      readonly code: 'policy';
      readonly action: ActionName | 'read' | 'approve' | 'act';
      readonly server: string | null;
      readonly rule: RuleRef | null;
      readonly reasons: readonly DecisionReason[];
    }
  /** Someone tried to approve their own request. */
  | { readonly code: 'self_approval' }
  | {
      readonly code: 'gate_closed';
      readonly action: ActionName;
      readonly server: string;
      readonly reason: string | null;
    }
  | { readonly code: 'server_busy'; readonly server: string; readonly busy: BusyWith }
  | { readonly code: 'hostname_invalid'; readonly detail: string }
  | { readonly code: 'no_snapshots'; readonly server: string }
  | {
      readonly code: 'snapshot_unknown';
      readonly server: string;
      readonly typed: string;
      readonly known: readonly string[];
    }
  | { readonly code: 'snapshot_gone'; readonly server: string; readonly snapshot: string }
  | { readonly code: 'source_is_target'; readonly server: string }
  | { readonly code: 'source_ambiguous'; readonly typed: string; readonly ids: readonly string[] }
  | {
      readonly code: 'source_unknown';
      readonly server: string;
      readonly typed: string;
      readonly known: readonly string[];
    }
  | { readonly code: 'source_gone'; readonly server: string; readonly source: string }
  | {
      readonly code: 'backup_unknown';
      readonly source: string;
      readonly typed: string;
      readonly known: readonly string[];
    }
  | { readonly code: 'backup_gone'; readonly source: string; readonly backup: string }
  | { readonly code: 'servers_gone'; readonly names: readonly string[] }
  | { readonly code: 'snapshot_name_taken'; readonly server: string; readonly name: string }
  /** `safety_point: required`, and HostUp does not allow a snapshot now: the restore is not run. */
  | { readonly code: 'safety_point_impossible'; readonly server: string; readonly reason: string | null }
  /** Undo was clicked on an operation that took no safety point (or one the bot cannot read). */
  | { readonly code: 'undo_unavailable' }
  | { readonly code: 'huawei_not_configured' }
  /** What an approval was given under changed before it ran (policy, rule, an approver who left). */
  | { readonly code: 'approval_lapsed'; readonly server: string; readonly lapses: readonly ApprovalLapse[] }
  /** Checking failed (the provider could not be read): nothing was done. */
  | { readonly code: 'check_failed'; readonly error: ErrorInfo };

/** What holds a server, for "web-01 is busy: restart by @ana, started 2 min ago → thread". */
export interface BusyWith {
  readonly kind: 'operation' | 'request';
  readonly action: string;
  readonly actor: string;
  readonly since: number;
  /** Where its thread or request message is, once posted. */
  readonly channel: string | null;
  readonly ts: string | null;
}

/** An error as plain data, kept in stored messages and outcomes; errors.ts words it. */
export interface ErrorInfo {
  readonly kind: 'provider' | 'transport' | 'app';
  readonly code: string;
  readonly provider: string | null;
  readonly status: number | null;
  readonly detail: string | null;
  readonly requestId: string | null;
  /** Field-level complaints of a provider (`/hostname: …`). */
  readonly fields?: readonly string[];
  /** A request that failed on the way may still have reached the provider. */
  readonly mayHaveActed?: boolean;
  /** What to do next, for errors written for people. */
  readonly hint?: string | null;
}
