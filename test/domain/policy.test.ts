import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { AccessPolicy, type AccessPolicyOptions, parseSubjects } from '../../src/domain/policy.js';

/** A membersOf that answers from a table, counts calls, and can be told to fail or to wait. */
function groupDirectory(groups: Record<string, string[]>) {
  const calls: string[] = [];
  let failing = false;
  let gate: Promise<void> | null = null;
  let open = () => {};
  return {
    calls,
    fail(on: boolean) {
      failing = on;
    },
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      open();
      gate = null;
    },
    membersOf: async (groupId: string): Promise<readonly string[]> => {
      calls.push(groupId);
      if (gate) await gate;
      if (failing) throw new Error('usergroups.users.list: ratelimited (token xoxb-secret)');
      return groups[groupId] ?? [];
    },
  };
}

function policy(directory: ReturnType<typeof groupDirectory>, extra: Partial<AccessPolicyOptions> = {}) {
  const clock = new ManualClock();
  const access = new AccessPolicy({
    operators: { users: new Set(['U0ALICE']), groups: new Set(['S0OPS']) },
    approvers: { users: new Set(['U0BOSS']), groups: new Set(['S0LEADS']) },
    membersOf: directory.membersOf,
    clock,
    groupCacheTtlMs: 60_000,
    operatorsHint: 'ask in #ops to be added to VPS_OPERATORS',
    ...extra,
  });
  return { access, clock };
}

describe('parseSubjects', () => {
  it('sorts user ids and group ids and reports the rest', () => {
    const parsed = parseSubjects(' U012AB,S0GROUP , W0ENTERPRISE,,u0lower, #ops S0GROUP X1 ');
    expect([...parsed.users]).toEqual(['U012AB', 'W0ENTERPRISE']);
    expect([...parsed.groups]).toEqual(['S0GROUP']);
    expect(parsed.invalid).toEqual(['u0lower', '#ops', 'X1']);
  });

  it('reads an empty value as nobody', () => {
    expect(parseSubjects('')).toEqual({ users: new Set(), groups: new Set(), invalid: [] });
  });
});

describe('AccessPolicy.canRead', () => {
  it('allows every channel when none are listed', () => {
    const { access } = policy(groupDirectory({}));
    expect(access.canRead('C0ANY')).toEqual({ allowed: true });
  });

  it('allows only the listed channels and says why otherwise', () => {
    const { access } = policy(groupDirectory({}), { channels: new Set(['C0OPS']) });
    expect(access.canRead('C0OPS')).toEqual({ allowed: true });
    const denied = access.canRead('C0RANDOM');
    expect(denied).toEqual({
      allowed: false,
      reason: '/vps is not enabled in this channel; use it in a channel listed in VPS_CHANNELS.',
    });
  });
});

describe('AccessPolicy.canAct', () => {
  it('allows a listed operator without asking for groups', async () => {
    const directory = groupDirectory({});
    const { access } = policy(directory);
    expect(await access.canAct('U0ALICE')).toEqual({ allowed: true });
    expect(directory.calls).toEqual([]);
  });

  it('allows a member of an operator group and refuses anyone else in words a person understands', async () => {
    const { access } = policy(groupDirectory({ S0OPS: ['U0BOB'] }));
    expect(await access.canAct('U0BOB')).toEqual({ allowed: true });
    expect(await access.canAct('U0EVE', 'restart servers')).toEqual({
      allowed: false,
      reason: 'Only operators can restart servers; ask in #ops to be added to VPS_OPERATORS.',
    });
  });

  it('keeps approvers and operators apart', async () => {
    const { access } = policy(groupDirectory({ S0OPS: ['U0BOB'], S0LEADS: ['U0CAROL'] }));
    expect((await access.canApprove('U0BOB')).allowed).toBe(false);
    expect((await access.canApprove('U0ALICE')).allowed).toBe(false);
    expect(await access.canApprove('U0CAROL')).toEqual({ allowed: true });
    expect(await access.canApprove('U0BOSS')).toEqual({ allowed: true });
    expect((await access.canAct('U0CAROL')).allowed).toBe(false);
    expect(await access.canApprove('U0EVE')).toEqual({
      allowed: false,
      reason: 'Only approvers can approve requests; ask an admin to add you to VPS_APPROVERS.',
    });
  });

  it('refuses everyone when no operators are configured', async () => {
    const { access } = policy(groupDirectory({}), { operators: { users: new Set(), groups: new Set() } });
    expect(await access.canAct('U0ALICE', 'reset servers')).toEqual({
      allowed: false,
      reason:
        'No operators are configured, so nobody can reset servers; ask in #ops to be added to VPS_OPERATORS.',
    });
  });

  it('uses the cached member list until the TTL passes, then asks again', async () => {
    const directory = groupDirectory({ S0OPS: ['U0BOB'] });
    const { access, clock } = policy(directory);
    await access.canAct('U0BOB');
    clock.advance(59_999);
    await access.canAct('U0EVE');
    expect(directory.calls).toEqual(['S0OPS']);
    clock.advance(1);
    await access.canAct('U0BOB');
    expect(directory.calls).toEqual(['S0OPS', 'S0OPS']);
  });

  it('sees a membership change once the cache expires', async () => {
    const groups: Record<string, string[]> = { S0OPS: [] };
    const { access, clock } = policy(groupDirectory(groups));
    expect((await access.canAct('U0BOB')).allowed).toBe(false);
    groups.S0OPS = ['U0BOB'];
    expect((await access.canAct('U0BOB')).allowed).toBe(false);
    clock.advance(60_000);
    expect((await access.canAct('U0BOB')).allowed).toBe(true);
  });

  it('denies with a reason when the lookup fails, without leaking the error, and does not cache it', async () => {
    const directory = groupDirectory({ S0OPS: ['U0BOB'] });
    const { access } = policy(directory);
    directory.fail(true);
    const denied = await access.canAct('U0BOB', 'restart servers');
    expect(denied.allowed).toBe(false);
    if (denied.allowed) return;
    expect(denied.reason).toBe(
      "I couldn't check whether you are one of the operators (the group lookup failed), so I can't let you restart servers. Try again in a minute.",
    );
    expect(denied.reason).not.toContain('xoxb');
    directory.fail(false);
    expect(await access.canAct('U0BOB')).toEqual({ allowed: true });
    expect(directory.calls).toEqual(['S0OPS', 'S0OPS']);
  });

  it('allows a member of one group even when another group cannot be looked up', async () => {
    const directory = groupDirectory({ S0OPS: ['U0BOB'] });
    const { access } = policy(directory, {
      operators: { users: new Set(), groups: new Set(['S0OPS', 'S0BROKEN']) },
      membersOf: async (group) => {
        if (group === 'S0BROKEN') throw new Error('boom');
        return directory.membersOf(group);
      },
    });
    expect(await access.canAct('U0BOB')).toEqual({ allowed: true });
    expect((await access.canAct('U0EVE')).allowed).toBe(false);
  });

  it('shares one lookup between checks made at the same time', async () => {
    const directory = groupDirectory({ S0OPS: ['U0BOB'] });
    const { access } = policy(directory);
    directory.hold();
    const checks = [access.canAct('U0BOB'), access.canAct('U0EVE'), access.canAct('U0BOB')];
    await waitFor(() => directory.calls.length > 0);
    directory.release();
    const decisions = await Promise.all(checks);
    expect(decisions.map((d) => d.allowed)).toEqual([true, false, true]);
    expect(directory.calls).toEqual(['S0OPS']);
  });

  it('lets the next check retry after a shared lookup fails', async () => {
    const directory = groupDirectory({ S0OPS: ['U0BOB'] });
    const { access } = policy(directory);
    directory.hold();
    directory.fail(true);
    const checks = [access.canAct('U0BOB'), access.canAct('U0BOB')];
    await waitFor(() => directory.calls.length > 0);
    directory.release();
    expect((await Promise.all(checks)).map((d) => d.allowed)).toEqual([false, false]);
    directory.fail(false);
    expect(await access.canAct('U0BOB')).toEqual({ allowed: true });
    expect(directory.calls).toEqual(['S0OPS', 'S0OPS']);
  });

  it('recovers when membersOf throws before returning a promise', async () => {
    let calls = 0;
    const { access } = policy(groupDirectory({}), {
      membersOf: (group) => {
        calls += 1;
        if (calls === 1) throw new Error('sync failure');
        return Promise.resolve(group === 'S0OPS' ? ['U0BOB'] : []);
      },
    });
    expect((await access.canAct('U0BOB')).allowed).toBe(false);
    expect(await access.canAct('U0BOB')).toEqual({ allowed: true });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
