import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function get(port: number, path: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe.each(['http', 'socket'] as const)('health and metrics endpoints in %s mode', (mode) => {
  it('answers /healthz, /readyz when store and Slack are up, and 503 once the store is closed', async () => {
    h = await startHarness({ mode });
    if (mode === 'socket') await h.slack.socket.waitForConnections(1);
    const port = h.port!;
    expect(await get(port, '/healthz')).toMatchObject({ status: 200 });
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      status: 'ready',
      checks: { store: 'ok', migrations: 'ok', slack: 'ok' },
    });

    await h.bot.store.close();
    const notReady = await get(port, '/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body).checks.store).not.toBe('ok');
  });

  it('exposes Prometheus metrics that move with the traffic', async () => {
    h = await startHarness({ mode });
    if (mode === 'socket') await h.slack.socket.waitForConnections(1);
    if (mode === 'http') await h.command('list');
    else await h.driver.viaSocket.slashCommand({ user: 'UOPERATOR1', channel: 'COPS0001', text: 'list' });
    await h.slack.waitFor(() => h!.slack.ephemerals('UOPERATOR1').length > 0 || undefined, 5000);
    const metrics = await get(h.port!, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toMatch(/vps_chatops_requests_total\{surface="command",outcome="ok"\} 1/);
    expect(metrics.body).toMatch(/vps_chatops_ack_seconds_count\{surface="command"\} 1/);
    expect(metrics.body).toContain('vps_chatops_outbox_depth 0');
    expect(metrics.body).toContain('vps_chatops_approvals_pending 0');
  });
});

describe('metrics of operations', () => {
  it('counts polls by outcome and shows what is being followed', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    await h.driver.click({
      user: 'UOPERATOR1',
      channel: 'COPS0001',
      actionId: 'vps.confirm',
      container: 'ephemeral',
    });
    await h.slack.waitFor(
      () => h!.slack.messages('COPS0001').find((m) => /restart(ed|ing)/.test(m.text ?? '')),
      5000,
    );
    const during = await get(h.port!, '/metrics');
    expect(during.body).toMatch(/vps_chatops_operations_followed\{provider="hostup"\} 1/);
    let after = await get(h.port!, '/metrics');
    for (let i = 0; i < 100 && !/outcome="finished"\} 1/.test(after.body); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await get(h.port!, '/metrics');
    }
    expect(after.body).toMatch(/vps_chatops_polls_total\{provider="hostup",outcome="finished"\} 1/);
    expect(after.body).not.toMatch(/vps_chatops_operations_followed\{provider="hostup"\} 1/);
  });
});

describe('metrics of failures', () => {
  it('counts HostUp errors by code and 429s', async () => {
    h = await startHarness();
    h.sim.inject({ kind: 'status', status: 500, code: 'internal_error' });
    await h.command('list');
    h.sim.inject({ kind: 'rateLimit', retryAfterSec: 0 });
    await h.command('show web-01');
    const metrics = await get(h.port!, '/metrics');
    expect(metrics.body).toMatch(/vps_chatops_api_errors_total\{provider="HostUp",code="internal_error"\} 1/);
    expect(metrics.body).toMatch(/vps_chatops_rate_limited_total\{provider="hostup"\} 1/);
    expect(metrics.body).toMatch(/vps_chatops_requests_total\{surface="command",outcome="error"\} 1/);
  });
});
