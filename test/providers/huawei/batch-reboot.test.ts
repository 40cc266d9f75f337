import { afterEach, describe, expect, it } from 'vitest';
import { rebootProgress } from '../../../src/domain/app-server-reboot.js';
import { ProviderError, TransportError } from '../../../src/errors.js';
import { clientFor, closeAll, rebootPath, startSim, waitFor } from './sim-client.js';

afterEach(closeAll);

const idsOf = (n: number) =>
  Array.from({ length: n }, (_, i) => `7000000000${String(i + 1).padStart(8, '0')}`);

describe('HuaweiWorkspaceClient.batchReboot', () => {
  it('reboots 25 servers in two requests of 20 and 5 with the documented body', async () => {
    const sim = await startSim({ count: 25 });
    const ids = idsOf(25);
    const result = await clientFor(sim).batchReboot(ids, 'HARD');
    const bodies = sim.requests.filter((r) => r.method === 'PATCH').map((r) => r.body);
    expect(bodies).toEqual([
      { items: ids.slice(0, 20), type: 'HARD' },
      { items: ids.slice(20), type: 'HARD' },
    ]);
    expect(result.chunks.map((c) => [c.outcome, c.ids.length])).toEqual([
      ['accepted', 20],
      ['accepted', 5],
    ]);
    expect(result.acceptedIds).toEqual(ids);
    expect(result.chunks[0]).toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(sim.getServer(ids[24]!)?.vmStatus).toBe('HARD_REBOOT');
  });

  it('sends each id once even when asked twice', async () => {
    const sim = await startSim();
    await clientFor(sim).batchReboot(
      ['522933611213619200', ' 522933611213619200', '545797802463068160'],
      'SOFT',
    );
    expect(sim.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      items: ['522933611213619200', '545797802463068160'],
      type: 'SOFT',
    });
  });

  it('keeps the ids already accepted when a later chunk fails, and sends nothing after it', async () => {
    const sim = await startSim({ count: 45 });
    const ids = idsOf(45);
    // One fault per request, first match first: a 0 ms delay for the first PATCH, a 500 for the second.
    sim.inject({ kind: 'latency', ms: 0, match: { method: 'PATCH' } });
    sim.inject({ kind: 'status', status: 500, match: { method: 'PATCH' } });
    const result = await clientFor(sim).batchReboot(ids, 'SOFT');
    expect(sim.count('PATCH', rebootPath(sim))).toBe(2);
    expect(result.acceptedIds).toEqual(ids.slice(0, 20));
    expect(result.failedIds).toEqual(ids.slice(20, 40));
    expect(result.skippedIds).toEqual(ids.slice(40));
    const failed = result.chunks[1];
    expect(failed).toMatchObject({ outcome: 'failed', mayHaveActed: true });
    expect(failed?.outcome === 'failed' && failed.error).toMatchObject({ code: 'WKS.00211401', status: 500 });
    expect(sim.getServer(ids[44]!)?.reboots).toEqual([]);
  });

  it('reports an unknown id as a 404 that did not act, rebooting none of that chunk', async () => {
    const sim = await startSim();
    const result = await clientFor(sim).batchReboot(['522933611213619200', '999999999999999999'], 'SOFT');
    const chunk = result.chunks[0];
    expect(chunk).toMatchObject({ outcome: 'failed', mayHaveActed: false });
    expect(chunk?.outcome === 'failed' && chunk.error).toBeInstanceOf(ProviderError);
    expect(chunk?.outcome === 'failed' && chunk.error).toMatchObject({ status: 404, code: 'WKS.00000404' });
    expect(sim.getServer('522933611213619200')?.reboots).toEqual([]);
  });

  it('never resends a PATCH whose answer was lost, and says it may have acted', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'drop', when: 'after', match: { method: 'PATCH' } });
    const result = await clientFor(sim).batchReboot(['522933611213619200'], 'SOFT');
    const chunk = result.chunks[0];
    expect(chunk).toMatchObject({ outcome: 'failed', mayHaveActed: true });
    expect(chunk?.outcome === 'failed' && chunk.error).toBeInstanceOf(TransportError);
    expect(sim.count('PATCH', rebootPath(sim))).toBe(1);
    expect(sim.getServer('522933611213619200')?.reboots).toEqual(['SOFT']);
  });

  it('refuses an empty list and an unknown type before sending anything', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    await expect(client.batchReboot([' '], 'SOFT')).rejects.toMatchObject({ code: 'no_app_servers' });
    await expect(client.batchReboot(['1'], 'FORCE' as 'HARD')).rejects.toMatchObject({
      code: 'invalid_reboot_type',
    });
    expect(sim.requests).toHaveLength(0);
  });

  it('follows a reboot to its end: the ERROR server is failed, the others are done', async () => {
    const sim = await startSim();
    const ids = ['522933611213619200', '545797802463068160', '561325748219875328'];
    sim.failNextReboot('545797802463068160');
    const client = clientFor(sim);
    await client.batchReboot(ids, 'SOFT');
    const first = await client.getAppServer(ids[0]!);
    expect(first).toMatchObject({ vmStatus: 'REBOOT', taskStatus: 'rebooting' });
    expect(rebootProgress(first)).toBe('rebooting');
    const final = await waitFor(async () => {
      const servers = await Promise.all(ids.map((id) => client.getAppServer(id)));
      const progress = servers.map(rebootProgress);
      return progress.includes('rebooting') ? undefined : { servers, progress };
    });
    expect(final.progress).toEqual(['done', 'failed', 'done']);
    expect(final.servers[0]).toMatchObject({ vmStatus: 'ACTIVE', taskStatus: null, sessionCount: 0 });
    expect(final.servers[1]).toMatchObject({ vmStatus: 'ERROR' });
  });
});
