import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { type PowerAction, powerActionInfo } from '../domain/actions.js';
import { validateHostname } from '../domain/hostname.js';
import type { Notification, OperationSubject } from '../domain/notifications.js';
import type { AccessPolicy } from '../domain/policy.js';
import type { Gate, GateName, HostnameResult, VpsDetails } from '../domain/vps.js';
import type { VpsApi } from '../domain/vps-api.js';
import { AppError, toUserMessage } from '../errors.js';
import type { Confirmation, Store, TrackedOperation } from '../store/store.js';
import type { ApprovalService } from './approvals.js';
import { decideConfirmation } from './decide-confirmation.js';

/** An acting request waiting for its requester's Confirm. */
export type PendingAction =
  | { readonly kind: 'power'; readonly action: PowerAction; readonly force: boolean }
  | { readonly kind: 'hostname'; readonly hostname: string };

export type PrepareResult =
  | { readonly kind: 'refused'; readonly reason: string }
  | {
      readonly kind: 'confirm';
      readonly confirmation: Confirmation;
      readonly vps: VpsDetails;
      readonly request: PendingAction;
    };

export type ConfirmResult =
  | { readonly kind: 'closed'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string; readonly vpsName: string }
  | {
      readonly kind: 'queued';
      readonly vpsName: string;
      readonly operation: TrackedOperation;
      readonly request: PendingAction;
    }
  | { readonly kind: 'hostname-changed'; readonly vpsName: string; readonly result: HostnameResult }
  /** VPS_REQUIRE_APPROVAL covers this action: Confirm posted an approval request instead of acting. */
  | { readonly kind: 'approval-requested'; readonly vpsName: string }
  | {
      readonly kind: 'failed';
      readonly vpsName: string;
      readonly message: string;
      readonly mayHaveHappened: boolean;
    };

export interface VpsActionDeps {
  readonly api: VpsApi;
  readonly store: Store;
  readonly policy: AccessPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a Confirm button stays usable. */
  readonly confirmationTtlMs?: number;
  /** When set, actions configured to need approval are turned into approval requests on Confirm. */
  readonly approvals?: Pick<ApprovalService, 'needsApproval' | 'requestAction'>;
}

interface StoredPayload {
  readonly request: PendingAction;
  readonly vpsName: string;
}

/**
 * Acting on a VPS, in two steps so nothing runs by accident: `prepare` checks who is asking and
 * what the API allows, and stores a confirmation; `confirm` claims it atomically (a double click
 * or two concurrent clicks execute once), checks again, and calls the API exactly once.
 */
export class VpsActions {
  readonly #deps: VpsActionDeps;
  readonly #ttlMs: number;

  constructor(deps: VpsActionDeps) {
    this.#deps = deps;
    this.#ttlMs = deps.confirmationTtlMs ?? 5 * 60_000;
  }

  get confirmationTtlMinutes(): number {
    return Math.round(this.#ttlMs / 60_000);
  }

  async prepare(args: {
    user: string;
    channel: string;
    vpsId: string;
    request: PendingAction;
    correlationId: string;
  }): Promise<PrepareResult> {
    const { store, clock, api } = this.#deps;
    const refusal = await this.#refusal(args.user, args.request);
    if (refusal) return { kind: 'refused', reason: refusal };
    const vps = await api.getVpsDetails(args.vpsId);
    const gateRefusal = refusedByGate(vps, args.request);
    if (gateRefusal) return { kind: 'refused', reason: gateRefusal };
    const payload: StoredPayload = { request: args.request, vpsName: vps.name };
    const confirmation = await store.createConfirmation({
      requester: args.user,
      kind: args.request.kind,
      target: vps.id,
      payload,
      channel: args.channel,
      expiresAt: clock.now() + this.#ttlMs,
    });
    await store.appendAudit({
      actor: args.user,
      action: describe(args.request),
      target: vps.id,
      outcome: 'requested',
      detail: { vpsName: vps.name, confirmationId: confirmation.id },
      correlationId: args.correlationId,
    });
    return { kind: 'confirm', confirmation, vps, request: args.request };
  }

  async confirm(args: {
    user: string;
    confirmationId: string;
    correlationId: string;
  }): Promise<ConfirmResult> {
    const { store, api, logger } = this.#deps;
    const decided = await decideConfirmation(this.#deps, {
      confirmationId: args.confirmationId,
      user: args.user,
      decision: 'confirmed',
    });
    if (!decided.ok) return { kind: 'closed', reason: decided.reason };
    const { confirmation } = decided;
    const { request, vpsName } = confirmation.payload as StoredPayload;
    const audit = (outcome: string, detail: Record<string, unknown>) =>
      store.appendAudit({
        actor: args.user,
        action: describe(request),
        target: confirmation.target,
        outcome,
        detail: { vpsName, ...detail },
        correlationId: args.correlationId,
      });

    // Rights and gates can change while the confirmation waited: check both again.
    const refusal = await this.#refusal(args.user, request);
    const vps = refusal ? null : await api.getVpsDetails(confirmation.target);
    const gateRefusal = refusal ?? (vps ? refusedByGate(vps, request) : null);
    if (gateRefusal || !vps) {
      await audit('refused', { reason: gateRefusal });
      return { kind: 'refused', reason: gateRefusal ?? 'Not allowed.', vpsName };
    }
    const approvals = this.#deps.approvals;
    if (approvals?.needsApproval(request)) {
      const outcome = await approvals.requestAction({
        user: args.user,
        channel: confirmation.channel,
        reason: '',
        correlationId: args.correlationId,
        request:
          request.kind === 'hostname'
            ? {
                kind: 'hostname',
                vpsId: vps.id,
                vpsName: vps.name,
                hostname: request.hostname,
                currentHostname: vps.hostname ?? null,
              }
            : {
                kind: 'power',
                vpsId: vps.id,
                vpsName: vps.name,
                action: request.action,
                force: request.force,
              },
      });
      if (outcome.kind === 'refused') return { kind: 'refused', reason: outcome.reason, vpsName: vps.name };
      return { kind: 'approval-requested', vpsName: vps.name };
    }

    try {
      if (request.kind === 'hostname') {
        const result = await api.setHostname(vps.id, request.hostname);
        await store.enqueueMessage({
          kind: 'post',
          channel: confirmation.channel,
          payload: hostnameNotification(args.user, vps.name, result),
          dedupeKey: `confirmation:${confirmation.id}:hostname`,
        });
        await audit('executed', { hostname: result.hostname });
        return { kind: 'hostname-changed', vpsName: vps.name, result };
      }
      const queued = await api.powerAction(
        vps.id,
        request.action,
        request.force ? { force: true } : undefined,
      );
      const operation = await this.#follow({
        user: args.user,
        channel: confirmation.channel,
        vps,
        request,
        jobId: queued.jobId,
        pollUrl: queued.pollUrl,
        status: queued.status,
        correlationId: args.correlationId,
      });
      await audit('executed', { jobId: queued.jobId, force: request.force });
      return { kind: 'queued', vpsName: vps.name, operation, request };
    } catch (error) {
      const mayHaveHappened =
        error instanceof AppError && 'mayHaveReachedServer' in error && error.mayHaveReachedServer === true;
      logger.warn({ err: error, correlationId: args.correlationId, vpsId: vps.id }, 'acting call failed');
      await audit(mayHaveHappened ? 'unknown' : 'failed', {
        code: error instanceof AppError ? error.code : 'unexpected',
      });
      return { kind: 'failed', vpsName: vps.name, message: toUserMessage(error), mayHaveHappened };
    }
  }

  async cancel(args: {
    user: string;
    confirmationId: string;
    correlationId: string;
  }): Promise<ConfirmResult> {
    const { store } = this.#deps;
    const decided = await decideConfirmation(this.#deps, {
      confirmationId: args.confirmationId,
      user: args.user,
      decision: 'cancelled',
    });
    if (!decided.ok) return { kind: 'closed', reason: decided.reason };
    const { request, vpsName } = decided.confirmation.payload as StoredPayload;
    await store.appendAudit({
      actor: args.user,
      action: describe(request),
      target: decided.confirmation.target,
      outcome: 'cancelled',
      detail: { vpsName },
      correlationId: args.correlationId,
    });
    return { kind: 'closed', reason: `Cancelled: ${vpsName} was left as it is.` };
  }

  async #refusal(user: string, request: PendingAction): Promise<string | null> {
    const decision = await this.#deps.policy.canAct(user);
    if (!decision.allowed) return decision.reason;
    if (request.kind === 'hostname') {
      const valid = validateHostname(request.hostname);
      if (!valid.ok) return valid.reason;
    }
    return null;
  }

  /** Creates the tracked operation and its visible root message in one transition. */
  async #follow(args: {
    user: string;
    channel: string;
    vps: VpsDetails;
    request: Extract<PendingAction, { kind: 'power' }>;
    jobId: string;
    pollUrl: string;
    status: TrackedOperation['status'];
    correlationId: string;
  }): Promise<TrackedOperation> {
    const { store, clock } = this.#deps;
    const id = randomUUID();
    const info = powerActionInfo[args.request.action];
    const subject: OperationSubject = {
      operationId: id,
      provider: 'hostup',
      requester: args.user,
      action: args.request.action,
      verbPast: args.request.force ? `force-${info.verbPast}` : info.verbPast,
      targetName: args.vps.name,
      jobId: args.jobId,
      force: args.request.force,
    };
    const started: Notification = { type: 'operation.started', subject, status: 'queued' };
    const now = clock.now();
    const expected = await store.typicalDuration('hostup', args.request.action);
    return store.createOperation(
      {
        id,
        provider: 'hostup',
        targetId: args.vps.id,
        targetName: args.vps.name,
        action: args.request.action,
        requester: args.user,
        correlationId: args.correlationId,
        jobId: args.jobId,
        pollUrl: args.pollUrl,
        channel: args.channel,
        status: args.status,
        startedAt: now,
        nextPollAt: now + 1000,
        expectedDurationMs: expected,
        meta: { subject },
      },
      {
        messages: [
          { kind: 'post', channel: args.channel, anchor: 'root', payload: started, dedupeKey: `${id}:root` },
        ],
      },
    );
  }
}

function gateFor(request: PendingAction): GateName | null {
  return request.kind === 'hostname' ? 'canChange' : powerActionInfo[request.action].gate;
}

/** The API's reason when its gate says no; null when allowed or when the API sent no gate. */
function refusedByGate(vps: VpsDetails, request: PendingAction): string | null {
  const name = gateFor(request);
  const gate: Gate | undefined = name ? vps.actions[name] : undefined;
  if (!gate || gate.allowed) return null;
  const what = request.kind === 'hostname' ? 'change the hostname of' : request.action;
  return `Can’t ${what} ${vps.name} now: ${gate.reason ?? 'HostUp does not allow it in its current state'}.`;
}

function describe(request: PendingAction): string {
  if (request.kind === 'hostname') return 'hostname';
  return request.force ? 'restart --force' : request.action;
}

function hostnameNotification(requester: string, vpsName: string, result: HostnameResult): Notification {
  return {
    type: 'hostname.changed',
    requester,
    vpsName,
    hostname: result.hostname,
    reloadRecommended: result.reloadRecommended,
    reverseDns: result.reverseDns
      ? {
          status: result.reverseDns.status,
          restoredIps: [...result.reverseDns.restoredIps],
          failedIps: [...result.reverseDns.failedIps],
          detail: result.reverseDns.detail,
        }
      : null,
  };
}
