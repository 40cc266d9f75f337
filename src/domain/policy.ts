import type { Clock } from '../clock.js';
import { GroupMembers } from './group-members.js';

/**
 * Who may do what. Reading is limited by channel; acting and approving by person: a person is an
 * operator (or approver) when listed by user id or when a member of a listed user group. Every
 * doubt denies: no subjects configured, or a group lookup that failed.
 */

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** People named by Slack user id (`U…`, `W…`) and user groups by id (`S…`). */
export interface Subjects {
  readonly users: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
}

export interface ParsedSubjects {
  users: Set<string>;
  groups: Set<string>;
  /** Entries that are neither a user id nor a group id, to be reported by config validation. */
  invalid: string[];
}

const userId = /^[UW][A-Z0-9]{2,}$/;
const groupId = /^S[A-Z0-9]{2,}$/;

/** Reads an env value like `U012AB, S0GROUP` (commas and/or spaces between ids). */
export function parseSubjects(csv: string): ParsedSubjects {
  const result: ParsedSubjects = { users: new Set(), groups: new Set(), invalid: [] };
  for (const entry of csv.split(/[\s,]+/u)) {
    if (entry.length === 0) continue;
    if (userId.test(entry)) result.users.add(entry);
    else if (groupId.test(entry)) result.groups.add(entry);
    else result.invalid.push(entry);
  }
  return result;
}

export interface AccessPolicyOptions {
  /** Channels where `/vps` answers; null, undefined or empty means every channel. */
  readonly channels?: ReadonlySet<string> | null;
  readonly operators: Subjects;
  readonly approvers: Subjects;
  /** Current members of a user group (Slack `usergroups.users.list`). */
  readonly membersOf: (groupId: string) => Promise<readonly string[]>;
  readonly clock: Clock;
  /** How long a group's member list is trusted; default 60 s. */
  readonly groupCacheTtlMs?: number;
  /** Finishes "…; ask … to be added": where a person goes to become an operator. */
  readonly operatorsHint?: string;
  readonly approversHint?: string;
  /** Where a person goes when the channel is not allowed. */
  readonly channelsHint?: string;
}

export class AccessPolicy {
  readonly #channels: ReadonlySet<string> | null;
  readonly #operators: Subjects;
  readonly #approvers: Subjects;
  readonly #groups: GroupMembers;
  readonly #operatorsHint: string;
  readonly #approversHint: string;
  readonly #channelsHint: string;

  constructor(options: AccessPolicyOptions) {
    this.#channels = options.channels && options.channels.size > 0 ? options.channels : null;
    this.#operators = options.operators;
    this.#approvers = options.approvers;
    this.#groups = new GroupMembers(options.membersOf, options.clock, options.groupCacheTtlMs ?? 60_000);
    this.#operatorsHint = options.operatorsHint ?? 'ask an admin to add you to VPS_OPERATORS';
    this.#approversHint = options.approversHint ?? 'ask an admin to add you to VPS_APPROVERS';
    this.#channelsHint = options.channelsHint ?? 'use it in a channel listed in VPS_CHANNELS';
  }

  /** Whether `/vps` may answer in this channel at all. */
  canRead(channelId: string): Decision {
    if (this.#channels === null || this.#channels.has(channelId)) return { allowed: true };
    return { allowed: false, reason: `/vps is not enabled in this channel; ${this.#channelsHint}.` };
  }

  /**
   * Whether this person may run an acting command. `activity` finishes the refusal,
   * e.g. "restart servers" → "Only operators can restart servers; …".
   */
  canAct(userId: string, activity = 'change servers'): Promise<Decision> {
    return this.#check(userId, this.#operators, 'operators', activity, this.#operatorsHint);
  }

  /** Whether this person may approve (or reject) someone's request. */
  canApprove(userId: string, activity = 'approve requests'): Promise<Decision> {
    return this.#check(userId, this.#approvers, 'approvers', activity, this.#approversHint);
  }

  async #check(
    userId: string,
    subjects: Subjects,
    role: string,
    activity: string,
    hint: string,
  ): Promise<Decision> {
    if (subjects.users.size === 0 && subjects.groups.size === 0) {
      return { allowed: false, reason: `No ${role} are configured, so nobody can ${activity}; ${hint}.` };
    }
    if (subjects.users.has(userId)) return { allowed: true };
    const lookups = await Promise.allSettled([...subjects.groups].map((g) => this.#groups.members(g)));
    if (lookups.some((l) => l.status === 'fulfilled' && l.value.has(userId))) return { allowed: true };
    if (lookups.some((l) => l.status === 'rejected')) {
      return {
        allowed: false,
        reason: `I couldn't check whether you are one of the ${role} (the group lookup failed), so I can't let you ${activity}. Try again in a minute.`,
      };
    }
    return { allowed: false, reason: `Only ${role} can ${activity}; ${hint}.` };
  }
}
