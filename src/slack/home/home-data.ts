import type { Clock } from '../../clock.js';
import type { ActionRequest } from '../../domain/action-request.js';
import type { PolicyService } from '../../services/acting/policy-service.js';
import { requestOf } from '../../services/approval-records.js';
import type { Approval, AuditEntry, Store, TrackedOperation } from '../../store/store.js';
import type { TimeZones } from '../time-zones.js';

export interface HomeDeps {
  readonly store: Store;
  readonly policy: PolicyService;
  readonly zones: TimeZones;
  readonly clock: Clock;
}

export interface HomeRequest {
  readonly approval: Approval;
  readonly request: ActionRequest;
}

/** What one person's App Home shows, read from the store (and the policy) when it is published. */
export interface HomeData {
  readonly user: string;
  readonly zone: string;
  readonly now: number;
  /** Open requests this person may approve and has not approved yet. */
  readonly waiting: readonly HomeRequest[];
  /** Their own open requests. */
  readonly mine: readonly HomeRequest[];
  /** Operations they asked for that are still followed. */
  readonly running: readonly TrackedOperation[];
  /** Their operations that ended lately, newest first. */
  readonly ended: readonly TrackedOperation[];
  /** What they did lately, newest first. */
  readonly recent: readonly AuditEntry[];
}

/** How much of each the home shows: well inside the Home tab's 100 blocks. */
export const homeLimits = { waiting: 10, mine: 5, running: 10, ended: 5, recent: 8 } as const;

export async function loadHome(deps: HomeDeps, user: string): Promise<HomeData> {
  const { store, policy, zones, clock } = deps;
  const [pending, active, finished, recent, zone] = await Promise.all([
    store.listPendingApprovals(),
    store.listActiveOperations(),
    store.listRecentOperations(50),
    store.listAudit({ actor: user, limit: homeLimits.recent }),
    zones.of(user),
  ]);
  const now = clock.now();
  const open = openRequests(pending, now);
  const waiting: HomeRequest[] = [];
  for (const item of open) {
    if (waiting.length >= homeLimits.waiting) break;
    if (await mayApproveNow(policy, user, item)) waiting.push(item);
  }
  return {
    user,
    zone,
    now,
    waiting,
    mine: open.filter((r) => r.approval.requester === user).slice(0, homeLimits.mine),
    running: active.filter((op) => op.requester === user).slice(0, homeLimits.running),
    ended: finished.filter((op) => op.requester === user).slice(0, homeLimits.ended),
    recent,
  };
}

/** The pending requests not yet past their expiry, with their requests (unreadable ones left out). */
export function openRequests(pending: readonly Approval[], now: number): HomeRequest[] {
  return pending
    .filter((a) => a.expiresAt > now)
    .flatMap((approval) => {
      try {
        return [{ approval, request: requestOf(approval) }];
      } catch {
        return []; // A request this bot cannot read is shown nowhere rather than wrongly.
      }
    });
}

/** Whether `user` could approve this request now: not theirs, not voted yet, and the policy agrees. */
export async function mayApproveNow(
  policy: PolicyService,
  user: string,
  item: HomeRequest,
): Promise<boolean> {
  const { approval, request } = item;
  if (approval.requester === user || approval.approvals.some((v) => v.userId === user)) return false;
  return (await policy.mayApprove(user, request)) === null;
}
