import { describe, expect, it } from 'vitest';
import type { AppServer } from '../../../src/domain/app-server.js';
import type {
  AppServerLine,
  AppServerRebootSubject,
  NotRebooted,
} from '../../../src/domain/app-server-notifications.js';
import type { Notification } from '../../../src/domain/notifications.js';
import { resolveAppServers } from '../../../src/domain/resolve-app-server.js';
import { validateMessage } from '../../../src/simulator/slack/block-kit-limits.js';
import {
  appServerListMax,
  renderAppServerList,
  renderAppServerProblems,
  renderAppServerRebootConfirmation,
  renderAppServersNotConfigured,
} from '../../../src/slack/blocks/app-servers.js';
import { renderNotification } from '../../../src/slack/blocks/notifications.js';
import { textOf } from '../../support/bot-harness.js';

const long = 'x'.repeat(60);

function server(i: number, over: Partial<AppServer> = {}): AppServer {
  return {
    id: `7000000000${String(i).padStart(8, '0')}`,
    name: `app-${String(i).padStart(3, '0')}-${long}<&>`,
    machineName: `APS-${long}`,
    serverGroupId: 'g',
    serverGroupName: `group-${long}`,
    status: 'REGISTERED',
    vmStatus: i % 2 ? 'ACTIVE' : 'REBOOT',
    taskStatus: i % 2 ? null : 'reboot_pending_hard',
    maintainStatus: i % 5 === 0,
    sessionCount: i % 4,
    jobStatus: null,
    updateTime: null,
    ...over,
  };
}

const many = Array.from({ length: 500 }, (_, i) => server(i + 1));
const subject: AppServerRebootSubject = {
  operationId: 'op1',
  requester: 'U0ANA',
  type: 'HARD',
  serverNames: many.slice(0, 100).map((s) => s.name),
};
const lines: AppServerLine[] = many.slice(0, 100).map((s) => ({
  name: s.name,
  vmStatus: 'HARD_REBOOT',
  taskStatus: 'reboot_started_hard',
  note: `could not be read: ${long}`,
}));
const notRebooted: NotRebooted[] = many.slice(100, 180).map((s) => ({
  id: s.id,
  name: s.name,
  why: 'failed',
  mayHaveActed: true,
  error: `Huawei Workspace refused the request (WKS.00211401): ${long}`,
}));

describe('app-server renderers', () => {
  it('keeps a list of 500 servers with long names within Slack limits, and says how many are left out', () => {
    const message = renderAppServerList({ servers: many, filter: '' });
    expect(validateMessage(message)).toEqual([]);
    expect(textOf(message)).toContain(`…and ${500 - appServerListMax} more`);
    expect(JSON.stringify(message.blocks)).toContain('&lt;&amp;&gt;');
    expect(JSON.stringify(message.blocks)).not.toContain('<&>');
  });

  it('the confirmation for 100 servers stays valid and still warns about sessions and HARD', () => {
    const message = renderAppServerRebootConfirmation({
      confirmationId: '00000000-0000-4000-8000-000000000000',
      servers: many.slice(0, 100),
      type: 'HARD',
      expiresInMinutes: 5,
    });
    expect(validateMessage(message)).toEqual([]);
    expect(textOf(message)).toMatch(/150 sessions are open on 75 of these servers/);
    expect(textOf(message)).toMatch(/HARD reboot: the servers are not shut down cleanly/);
    expect(textOf(message)).toMatch(/…\n? and \d+ more/);
  });

  it('a confirmation with nobody logged in carries no warning for a SOFT reboot', () => {
    const message = renderAppServerRebootConfirmation({
      confirmationId: '00000000-0000-4000-8000-000000000000',
      servers: [server(4, { sessionCount: 0 })],
      type: 'SOFT',
      expiresInMinutes: 5,
    });
    expect(textOf(message)).not.toContain(':warning:');
  });

  it('renders every notification of a 100-server reboot within Slack limits', () => {
    const counts = { pending: 10, rebooting: 20, back: 30, failed: 25, timedOut: 15 };
    const notifications: Notification[] = [
      { type: 'appserver-reboot.root', subject, counts, notRebooted, finished: false },
      { type: 'appserver-reboot.root', subject, counts, notRebooted, finished: true },
      { type: 'appserver-reboot.changed', subject, state: 'failed', servers: lines },
      {
        type: 'appserver-reboot.summary',
        subject,
        back: lines.map((l) => l.name),
        failed: lines,
        timedOut: lines,
        notRebooted,
        limitMs: 15 * 60_000,
        durationMs: 15 * 60_000,
      },
    ];
    for (const n of notifications) expect(validateMessage(renderNotification(n))).toEqual([]);
    const summary = textOf(renderNotification(notifications[3]!));
    expect(summary).toMatch(
      /<@U0ANA> the HARD reboot of 100 app servers ended after 15 min: 100 back, 100 failed, 100 did not come back in 15 minutes/,
    );
    expect(summary).toMatch(/\*Failed:\* .* and \d+ more/);
    expect(summary).toMatch(/Not rebooted.* and \d+ more — Huawei Workspace refused/);
  });

  it('a one-server root names the server and the reboot type', () => {
    const one = { ...subject, type: 'SOFT' as const, serverNames: ['app-01'] };
    const counts = { pending: 1, rebooting: 0, back: 0, failed: 0, timedOut: 0 };
    const message = renderNotification({
      type: 'appserver-reboot.root',
      subject: one,
      counts,
      notRebooted: [],
      finished: false,
    });
    expect(textOf(message)).toContain(
      '<@U0ANA> is rebooting app server *app-01* (SOFT) · :arrows_counterclockwise: 0/1 back · 1 rebooting',
    );
  });

  it('the problems and not-configured answers stay within limits', () => {
    const problems = resolveAppServers(
      Array.from({ length: 40 }, (_, i) => `nope-${i}-${long}`),
      many,
    ).problems;
    expect(validateMessage(renderAppServerProblems(problems))).toEqual([]);
    expect(validateMessage(renderAppServersNotConfigured())).toEqual([]);
  });
});
