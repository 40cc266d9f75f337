import type { FakeSlackUser } from '../simulator/slack/types.js';

/** Someone the page lets you be. Their ids go into VPS_OPERATORS / VPS_APPROVERS. */
export interface Person {
  readonly id: string;
  readonly name: string;
  /** What the switcher shows next to the name. */
  readonly role: string;
  readonly operator: boolean;
  readonly approver: boolean;
}

/** The people of the playground's workspace: one per combination of rights worth trying. */
export const people: readonly Person[] = [
  { id: 'UANA00001', name: 'Ana', role: 'operator', operator: true, approver: false },
  { id: 'UBO000002', name: 'Bo', role: 'approver', operator: false, approver: true },
  { id: 'UCY000003', name: 'Cy', role: 'operator+approver', operator: true, approver: true },
  { id: 'UDEE00004', name: 'Dee', role: 'no rights', operator: false, approver: false },
];

/** The one channel the page shows. The bot is limited to it, as a real install would be. */
export const playgroundChannel = { id: 'COPS00001', name: 'ops' } as const;

export function findPerson(id: unknown): Person | undefined {
  return people.find((p) => p.id === id);
}

/** The fake Slack's directory (users.info), so the bot could look anyone up. */
export function directory(): Record<string, FakeSlackUser> {
  return Object.fromEntries(people.map((p) => [p.id, { name: p.name.toLowerCase(), realName: p.name }]));
}

/** The access lists the bot is configured with, as the environment variables it reads. */
export function accessEnv(): Record<string, string> {
  return {
    VPS_OPERATORS: people
      .filter((p) => p.operator)
      .map((p) => p.id)
      .join(','),
    VPS_APPROVERS: people
      .filter((p) => p.approver)
      .map((p) => p.id)
      .join(','),
    VPS_ALLOWED_CHANNELS: playgroundChannel.id,
  };
}
