import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { ActionRequest } from '../../src/domain/action-request.js';
import { PolicyHolder } from '../../src/domain/policy/index.js';
import { PolicyService } from '../../src/services/acting/policy-service.js';
import { policyOf } from '../domain/policy/policy-fixtures.js';

const policy = policyOf(`rules:
  - match: { name: "db-*" }
    operators: [U0BO]
    safety_point: required
    grace_seconds: 60
  - match: { name: "quiet-*", provider: huawei }
    operators: [U0BO]
    canary: false
  - match: { name: "*", provider: huawei }
    operators: [U0BO]
    canary: true
    grace_seconds: 5
  - match: { name: "*" }
    operators: [U0BO]
`);
const service = new PolicyService({
  holder: new PolicyHolder(policy, async () => ({ ok: true, policy })),
  membersOf: async () => [],
  clock: new ManualClock(),
});

const restore = (vpsName: string): ActionRequest => ({
  kind: 'restore',
  vpsId: `vps_${vpsName}`,
  vpsName,
  snapshot: { name: 's', createdAt: null, expiresAt: null },
});
const reboot = (hard: boolean, ...names: string[]): ActionRequest => ({
  kind: 'appserver-reboot',
  hard,
  servers: names.map((name) => ({ id: name, name, sessionCount: 0 })),
});

describe('the safety keys the policy gives a request', () => {
  it('reads safety_point and grace_seconds from the server’s rule, with the defaults elsewhere', () => {
    expect(service.safetyFor(restore('db-01'))).toEqual({
      safetyPoint: 'required',
      graceSeconds: 60,
      canary: false,
    });
    expect(service.safetyFor(restore('web-01'))).toEqual({
      safetyPoint: 'when_possible',
      graceSeconds: 30,
      canary: false,
    });
  });

  it('wants a canary when any server’s rule does, and by default only for hard reboots', () => {
    expect(service.safetyFor(reboot(false, 'app-01', 'app-02')).canary).toBe(true);
    expect(service.safetyFor(reboot(false, 'quiet-01', 'quiet-02')).canary).toBe(false);
    expect(service.safetyFor(reboot(true, 'quiet-01', 'app-01'))).toMatchObject({
      canary: true,
      graceSeconds: 30,
    });
  });
});
