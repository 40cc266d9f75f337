import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AppServer, AppServerApi, BatchRebootResult, RebootType } from '../domain/app-server.js';
import type { NotRebooted } from '../domain/app-server-notifications.js';
import type { ApprovalQuestion } from '../domain/approvals.js';
import type { AccessPolicy } from '../domain/policy.js';
import { type AppServersResolution, resolveAppServers } from '../domain/resolve-app-server.js';
import { AppError, toUserMessage } from '../errors.js';
import type { Confirmation, Store, TrackedOperation } from '../store/store.js';
import {
  type AppServerRebootRequest,
  createRebootOperation,
  notRebootedOf,
  targetOf,
} from './app-server-reboot-operation.js';
import { decideConfirmation } from './decide-confirmation.js';

export type { AppServerRebootRequest } from './app-server-reboot-operation.js';

/** The confirmation kind the Confirm/Cancel buttons dispatch on. */
export const appServerRebootKind = 'appserver-reboot';

export type AppServerPrepareResult =
  | { readonly kind: 'refused'; readonly reason: string }
  /** Some names fit no server or several: nothing is offered until every name is clear. */
  | { readonly kind: 'unresolved'; readonly problems: AppServersResolution['problems'] }
  | {
      readonly kind: 'confirm';
      readonly confirmation: Confirmation;
      readonly servers: readonly AppServer[];
      readonly type: RebootType;
    };

export type AppServerConfirmResult =
  | { readonly kind: 'closed'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string }
  /** Huawei accepted at least one server; `notRebooted` are those it did not. */
  | {
      readonly kind: 'rebooting';
      readonly operation: TrackedOperation;
      readonly accepted: readonly string[];
      readonly notRebooted: readonly NotRebooted[];
    }
  /** The reboot needs approval: a request was posted instead of rebooting. */
  | { readonly kind: 'approval-requested' }
  /** Huawei accepted none of them. */
  | {
      readonly kind: 'failed';
      readonly message: string;
      readonly mayHaveHappened: boolean;
      readonly notRebooted: readonly NotRebooted[];
    };

/**
 * The part of approvals an app-server reboot needs. `requestAppServerReboot` is the seam for
 * asking approvers; while it is absent, a reboot that needs approval (VPS_REQUIRE_APPROVAL lists
 * appserver-hard-reboot) is refused with a sentence saying so, never run without approval.
 */
export interface AppServerApprovals {
  needsApproval(question: ApprovalQuestion): boolean;
  requestAppServerReboot?(args: {
    user: string;
    channel: string;
    correlationId: string;
    request: AppServerRebootRequest;
  }): Promise<{ readonly kind: 'requested' } | { readonly kind: 'refused'; readonly reason: string }>;
}

export interface AppServerActionDeps {
  readonly api: AppServerApi;
  readonly store: Store;
  readonly policy: AccessPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly approvals?: AppServerApprovals;
  /** How long a Confirm button stays usable. Default 5 min. */
  readonly confirmationTtlMs?: number;
  /** The first reading of the servers comes this long after Huawei accepted (default 10 s). */
  readonly initialDelayMs?: number;
}

const activity = 'reboot app servers';

/**
 * Rebooting Huawei app servers in two steps, like VpsActions: `prepare` resolves the names through
 * the API and stores a confirmation; `confirm` claims it atomically, checks rights again, calls
 * batch-reboot once, and creates the one tracked operation with its root message.
 */
export class AppServerActions {
  readonly #d: AppServerActionDeps;
  readonly #ttlMs: number;

  constructor(deps: AppServerActionDeps) {
    this.#d = deps;
    this.#ttlMs = deps.confirmationTtlMs ?? 5 * 60_000;
  }

  get confirmationTtlMinutes(): number {
    return Math.round(this.#ttlMs / 60_000);
  }

  /** Every app server, across all pages. */
  list(): Promise<AppServer[]> {
    return this.#d.api.listAppServers();
  }

  async prepare(args: {
    user: string;
    channel: string;
    queries: readonly string[];
    hard: boolean;
    correlationId: string;
  }): Promise<AppServerPrepareResult> {
    const type: RebootType = args.hard ? 'HARD' : 'SOFT';
    const refusal = await this.#refusal(args.user, type);
    if (refusal) return { kind: 'refused', reason: refusal };
    const resolved = resolveAppServers(args.queries, await this.#d.api.listAppServers());
    if (resolved.problems.length > 0) return { kind: 'unresolved', problems: resolved.problems };
    const request: AppServerRebootRequest = {
      type,
      servers: resolved.servers.map((s) => ({ id: s.id, name: s.name, sessionCount: s.sessionCount })),
    };
    const confirmation = await this.#d.store.createConfirmation({
      requester: args.user,
      kind: appServerRebootKind,
      target: targetOf(request.servers),
      payload: request,
      channel: args.channel,
      expiresAt: this.#d.clock.now() + this.#ttlMs,
    });
    await this.#audit(args.user, request, 'requested', args.correlationId, {
      confirmationId: confirmation.id,
    });
    return { kind: 'confirm', confirmation, servers: resolved.servers, type };
  }

  async confirm(args: {
    user: string;
    confirmationId: string;
    correlationId: string;
  }): Promise<AppServerConfirmResult> {
    const { api, logger } = this.#d;
    const decided = await decideConfirmation(this.#d, {
      confirmationId: args.confirmationId,
      user: args.user,
      decision: 'confirmed',
    });
    if (!decided.ok) return { kind: 'closed', reason: decided.reason };
    const { confirmation } = decided;
    const request = confirmation.payload as AppServerRebootRequest;
    const audit = (outcome: string, detail: Record<string, unknown>) =>
      this.#audit(args.user, request, outcome, args.correlationId, detail);

    // Rights and the approval setting can change while the confirmation waited: check again.
    const refusal = await this.#refusal(args.user, request.type);
    if (refusal) {
      await audit('refused', { reason: refusal });
      return { kind: 'refused', reason: refusal };
    }
    const approvals = this.#d.approvals;
    if (approvals?.requestAppServerReboot && approvals.needsApproval(questionOf(request.type))) {
      const outcome = await approvals.requestAppServerReboot({
        user: args.user,
        channel: confirmation.channel,
        correlationId: args.correlationId,
        request,
      });
      return outcome.kind === 'refused' ? outcome : { kind: 'approval-requested' };
    }
    let result: BatchRebootResult;
    try {
      result = await api.batchReboot(
        request.servers.map((s) => s.id),
        request.type,
      );
    } catch (error) {
      logger.warn({ err: error, correlationId: args.correlationId }, 'batch reboot could not be sent');
      await audit('failed', { code: error instanceof AppError ? error.code : 'unexpected' });
      return { kind: 'failed', message: toUserMessage(error), mayHaveHappened: false, notRebooted: [] };
    }
    const notRebooted = notRebootedOf(result, request);
    if (result.acceptedIds.length === 0) {
      const first = result.chunks.find((c) => c.outcome === 'failed');
      const mayHaveHappened = notRebooted.some((r) => r.mayHaveActed);
      await audit(mayHaveHappened ? 'unknown' : 'failed', { notRebooted: notRebooted.map((r) => r.name) });
      return {
        kind: 'failed',
        message: first?.outcome === 'failed' ? toUserMessage(first.error) : 'Huawei accepted none of them.',
        mayHaveHappened,
        notRebooted,
      };
    }
    const accepted = request.servers.filter((s) => result.acceptedIds.includes(s.id));
    const operation = await createRebootOperation(this.#d.store, {
      requester: args.user,
      correlationId: args.correlationId,
      channel: confirmation.channel,
      type: request.type,
      accepted,
      notRebooted,
      now: this.#d.clock.now(),
      initialDelayMs: this.#d.initialDelayMs ?? 10_000,
    });
    await audit('executed', {
      operationId: operation.id,
      accepted: accepted.map((s) => s.name),
      notRebooted: notRebooted.map((r) => `${r.name} (${r.why})`),
    });
    return { kind: 'rebooting', operation, accepted: accepted.map((s) => s.name), notRebooted };
  }

  async cancel(args: {
    user: string;
    confirmationId: string;
    correlationId: string;
  }): Promise<AppServerConfirmResult> {
    const decided = await decideConfirmation(this.#d, {
      confirmationId: args.confirmationId,
      user: args.user,
      decision: 'cancelled',
    });
    if (!decided.ok) return { kind: 'closed', reason: decided.reason };
    const request = decided.confirmation.payload as AppServerRebootRequest;
    await this.#audit(args.user, request, 'cancelled', args.correlationId, {});
    const n = request.servers.length;
    return {
      kind: 'closed',
      reason: `Cancelled: ${n === 1 ? request.servers[0]!.name : `the ${n} app servers`} were left as they are.`,
    };
  }

  async #refusal(user: string, type: RebootType): Promise<string | null> {
    const decision = await this.#d.policy.canAct(user, activity);
    if (!decision.allowed) return decision.reason;
    const approvals = this.#d.approvals;
    if (approvals?.needsApproval(questionOf(type))) {
      if (!approvals.requestAppServerReboot) {
        return (
          'A HARD reboot of app servers needs approval here (VPS_REQUIRE_APPROVAL lists appserver-hard-reboot), ' +
          'and this bot cannot ask for approval of app-server reboots yet, so nothing was done. ' +
          'A SOFT reboot (without --hard) does not need approval.'
        );
      }
    }
    return null;
  }

  #audit(
    actor: string,
    request: AppServerRebootRequest,
    outcome: string,
    correlationId: string,
    extra: Record<string, unknown>,
  ) {
    return this.#d.store.appendAudit({
      actor,
      action: request.type === 'HARD' ? 'appserver reboot --hard' : 'appserver reboot',
      target: targetOf(request.servers),
      outcome,
      detail: { servers: request.servers.map((s) => s.name), ...extra },
      correlationId,
    });
  }
}

function questionOf(type: RebootType): ApprovalQuestion {
  return { kind: 'appserver-reboot', hard: type === 'HARD' };
}
