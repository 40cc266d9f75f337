import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, outsider, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every button of the person's newest private message. */
function buttonsOf(harness: Harness, user: string): { action_id: string; value: string }[] {
  const found: { action_id: string; value: string }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as { type?: string; action_id?: string; value?: string };
      if (n.type === 'button') found.push({ action_id: n.action_id!, value: n.value! });
      for (const value of Object.values(node)) walk(value);
    }
  };
  walk(harness.slack.ephemerals(user).at(-1)?.blocks ?? []);
  return found;
}

describe('what people read', () => {
  it('the channel reads “is restarting … queued” while it runs and “restarted” once HostUp is done', async () => {
    h = await startHarness({ sim: { job: { queuedMs: 400, runningMs: 400, progressSteps: 1 } } });
    await h.command('restart web-01');
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    const root = await h.slack.waitFor(() =>
      h!.slack.messages(channel).find((m) => /restart/.test(textOf(m))),
    );
    const queued = await h.slack.waitFor(() => {
      const versions = [...root.edits, h!.slack.message(channel, root.ts)!].map((v) => textOf(v));
      return versions.find((t) => /queued/.test(t));
    });
    expect(queued).toMatch(
      new RegExp(`<@${operator}> is restarting \\*web-01\\* · job \`job_[^\`]+\` · :hourglass: queued`),
    );
    expect(queued).not.toContain('restarted');
    const done = await h.slack.waitFor(() => {
      const text = textOf(h!.slack.message(channel, root.ts)!);
      return /completed/.test(text) ? text : undefined;
    }, 10_000);
    expect(done).toMatch(new RegExp(`<@${operator}> restarted \\*web-01\\*`));
  });

  it('a power action HostUp does not allow now says so plainly, not “Can’t shutdown”', async () => {
    h = await startHarness();
    const answer = await h.command('shutdown staging');
    expect(answer).toMatch(/HostUp does not allow a shutdown of \*staging\* now/);
    expect(answer).not.toMatch(/Can.t/);
    expect(h.sim.count('POST', /actions/)).toBe(0);
  });

  it('a card says what state keeps an action off, not only “not allowed now”', async () => {
    h = await startHarness();
    const card = await h.command('show web-01');
    expect(card).toMatch(/Start: not while it is running/);
    expect(card).not.toContain('not allowed now');
    const stopped = await h.command('show staging');
    expect(stopped).toMatch(/Shut down: not while it is stopped/);
  });

  it('a mistyped command points to the help once, not twice', async () => {
    h = await startHarness();
    for (const text of ['reboot web-01', 'rstart web-01', '--force web-01', 'restart']) {
      await h.command(text);
      const shown = h.slack.ephemerals(operator).at(-1)!.text ?? '';
      expect(shown.match(/\/vps help/g), text).toHaveLength(1);
    }
  });

  it('no setting name reaches a person with no rights, whatever they try', async () => {
    h = await startHarness();
    for (const text of [
      'restart web-01',
      'show web-01',
      'restore web-01 before-upgrade',
      'snapshots web-01',
    ]) {
      const answer = await h.command(text, outsider);
      expect(answer, text).not.toMatch(/VPS_|HUAWEI_|APPROVAL_TTL|[A-Z]{3,}_[A-Z]{3,}/);
    }
  });
});

describe('cards show what the person looking can do', () => {
  it('someone who may not act sees no action button, and the card says why', async () => {
    h = await startHarness({ env: { VPS_APPROVERS: 'UAPPROVER1' } });
    const card = await h.command('show web-01', outsider);
    expect(card).toContain('203.0.113.10');
    const actionButtons = buttonsOf(h, outsider).filter(
      (b) =>
        b.action_id.startsWith(ActionId.requestPowerAction) ||
        b.action_id.startsWith(ActionId.requestRestore),
    );
    expect(actionButtons).toEqual([]);
    expect(card).toMatch(
      /Not for you — Shut down, Stop, Restart, Reset, Force restart, Restore snapshot, Restore from another VPS: Only <@UOPERATOR1>/,
    );
    expect(card).not.toMatch(/Not for you — Start/);

    await h.command('show web-01', operator);
    const ids = buttonsOf(h, operator).map((b) => b.action_id);
    expect(ids).toContain(`${ActionId.requestPowerAction}:restart`);
    expect(ids).toContain(ActionId.requestRestore);
  });

  it('the snapshots list has a Restore button per snapshot, which opens the form with it picked', async () => {
    h = await startHarness({ env: { VPS_APPROVERS: 'UAPPROVER1' } });
    const list = await h.command('snapshots web-01');
    expect(list).toContain('before-upgrade');
    const rows = buttonsOf(h, operator).filter((b) =>
      b.action_id.startsWith(ActionId.requestRestoreSnapshot),
    );
    expect(rows.map((b) => JSON.parse(b.value).snapshot)).toEqual(['before-upgrade', 'nightly-2026-11-22']);

    await h.driver.click({ user: operator, channel, actionId: rows[0]!.action_id, container: 'ephemeral' });
    const form = await h.slack.waitFor(() =>
      h!.slack.views().find((v) => JSON.stringify(v.view).includes('initial_option')),
    );
    const select = (form.view.blocks as { element?: { initial_option?: { value: string } } }[]).find(
      (b) => b.element?.initial_option,
    );
    expect(select?.element?.initial_option?.value).toBe('before-upgrade');
    expect(h.sim.count('POST', /restore/)).toBe(0);

    await h.command('snapshots web-01', outsider);
    expect(buttonsOf(h, outsider)).toEqual([]);
  });

  it('a VPS without snapshots gets no button that would open a form only to say so', async () => {
    h = await startHarness({ env: { VPS_APPROVERS: 'UAPPROVER1' } });
    const card = await h.command('show web-02');
    expect(card).toMatch(/Restore snapshot: it has no snapshots/);
    expect(buttonsOf(h, operator).map((b) => b.action_id)).not.toContain(ActionId.requestRestore);
    expect(buttonsOf(h, operator).map((b) => b.action_id)).toContain(ActionId.requestRestoreFrom);
  });
});
