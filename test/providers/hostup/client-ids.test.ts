import { afterEach, describe, expect, it } from 'vitest';
import { ProviderIdError, toUserMessage } from '../../../src/errors.js';
import { pollPath } from '../../../src/providers/hostup/ids.js';
import type { HostUpClient } from '../../../src/providers/hostup/index.js';
import { clientFor, closeAll, startSim } from './sim-client.js';

afterEach(closeAll);

async function refusal(promise: Promise<unknown>): Promise<ProviderIdError> {
  const err = await promise.then(
    () => new Error('expected the call to be refused'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderIdError);
  return err as ProviderIdError;
}

/** Ids no HostUp answer can hold: each must be refused before a request is built. */
const badIds: [string, string][] = [
  ['empty', ''],
  ['a dot segment', '.'],
  ['a double-dot segment', '..'],
  ['a slash', 'vps_a/details'],
  ['a backslash', 'vps_a\\b'],
  ['a question mark', 'vps_a?x=1'],
  ['a hash', 'vps_a#x'],
  ['a percent sign', 'vps_%2e%2e'],
  ['a space', 'vps a'],
  ['a tab', 'vps\ta'],
  ['a newline', 'vps_a\n'],
  ['a NUL', 'vps_\u0000'],
  ['a zero-width space', 'vps_\u200ba'],
  ['a lone surrogate', 'vps_\ud800'],
  ['201 characters', `vps_${'a'.repeat(197)}`],
];

/** Every client method that puts an id in a path (or a provider id in a body), by the id it checks. */
const callsWithVpsId: [string, (c: HostUpClient, id: string) => Promise<unknown>][] = [
  ['getVps', (c, id) => c.getVps(id)],
  ['getVpsDetails', (c, id) => c.getVpsDetails(id)],
  ['getVpsStatus', (c, id) => c.getVpsStatus(id)],
  ['powerAction', (c, id) => c.powerAction(id, 'restart')],
  ['listSnapshots', (c, id) => c.listSnapshots(id)],
  ['createSnapshot', (c, id) => c.createSnapshot(id, { name: 'snap-1' })],
  ['restoreSnapshot', (c, id) => c.restoreSnapshot(id, 'before-upgrade')],
  ['listBackups', (c, id) => c.listBackups(id)],
  ['listRestoreSources', (c, id) => c.listRestoreSources(id)],
  ['restoreFromVps', (c, id) => c.restoreFromVps(id, { sourceVpsId: 'vps_db01', backupId: 'bkp_db01_2' })],
  ['getHostname', (c, id) => c.getHostname(id)],
  ['setHostname', (c, id) => c.setHostname(id, 'www.example.com')],
];

describe('HostUpClient id checks', () => {
  it.each(badIds)('refuses a VPS id with %s before sending anything', async (_what, id) => {
    const sim = await startSim();
    const client = clientFor(sim);
    for (const [name, run] of callsWithVpsId) {
      const err = await refusal(run(client, id));
      expect(err, name).toMatchObject({ code: 'invalid_provider_id', field: 'vpsId', provider: 'HostUp' });
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('never turns a VPS id of .. into a request for /api/v2/details', async () => {
    const sim = await startSim();
    await refusal(clientFor(sim).getVpsDetails('..'));
    expect(sim.count('GET', '/api/v2/details')).toBe(0);
    expect(sim.requests).toHaveLength(0);
  });

  it.each(badIds)('refuses a snapshot name with %s, to restore or to create', async (_what, name) => {
    const sim = await startSim();
    const client = clientFor(sim);
    const restore = await refusal(client.restoreSnapshot('vps_web01', name));
    const create = await refusal(client.createSnapshot('vps_web01', { name }));
    expect(restore).toMatchObject({ code: 'invalid_provider_id', field: 'snapshotName' });
    expect(create).toMatchObject({ code: 'invalid_provider_id', field: 'snapshotName' });
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses a source VPS id or backup id of the wrong shape in a restore-from body', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    const source = await refusal(
      client.restoreFromVps('vps_web02', { sourceVpsId: '..', backupId: 'bkp_1' }),
    );
    const backup = await refusal(
      client.restoreFromVps('vps_web02', { sourceVpsId: 'vps_db01', backupId: 'bkp 1' }),
    );
    expect(source.field).toBe('sourceVpsId');
    expect(backup.field).toBe('backupId');
    expect(sim.requests).toHaveLength(0);
  });

  it('sends an id of 200 characters, encoded, and lets HostUp answer', async () => {
    const sim = await startSim();
    const id = `vps_${'é'.repeat(196)}`;
    await expect(clientFor(sim).getVps(id)).rejects.toMatchObject({ status: 404, code: 'vps_not_found' });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]?.path).toBe(`/api/v2/vps/vps_${'%C3%A9'.repeat(196)}`);
    expect(sim.requests[0]?.vpsId).toBe(id);
  });

  it('shows the refused id in the message, escaped and cut short', async () => {
    const sim = await startSim();
    const err = await refusal(clientFor(sim).getVps(`bad\n${'x'.repeat(100)}`));
    expect(err.message).toContain('"bad\\nxxx');
    expect(err.message).toContain('…');
    expect(err.message).not.toContain('\n');
  });

  it('tells a person which value was refused and that nothing was sent', async () => {
    const sim = await startSim();
    const err = await refusal(clientFor(sim).createSnapshot('vps_web01', { name: 'before deploy' }));
    expect(toUserMessage(err)).toBe(
      'The snapshot name "before deploy" contains " ", so it cannot be a HostUp one: nothing was sent.',
    );
  });
});

describe('HostUpClient pollUrl checks', () => {
  it('polls a path under /api/ and an absolute URL on the API origin', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    const op = await client.powerAction('vps_web01', 'restart');
    await expect(client.pollJob(op.pollUrl)).resolves.toMatchObject({ jobId: op.jobId });
    await expect(client.pollJob(`${sim.url}${op.pollUrl}?fresh=1`)).resolves.toMatchObject({
      jobId: op.jobId,
    });
    expect(sim.requests.slice(1).map((r) => r.path)).toEqual([op.pollUrl, `${op.pollUrl}?fresh=1`]);
  });

  it.each([
    ['another host', 'https://evil.example.net/api/jobs/job_1'],
    ['a protocol-relative URL', '//evil.example.net/api/jobs/job_1'],
    ['another port on the same host', 'http://127.0.0.1:1/api/jobs/job_1'],
    ['another scheme', 'javascript:alert(1)'],
    ['a path outside /api/', '/v2/vps'],
    ['a path that climbs out of /api/', '/api/../v2/vps'],
    ['an encoded climb out of /api/', '/api/%2e%2e/v2/vps'],
    ['a path without a leading slash', 'api/jobs/job_1'],
    ['a backslash', '/api\\jobs\\job_1'],
    ['a fragment', '/api/jobs/job_1#x'],
    ['whitespace', '/api/jobs/job 1'],
    ['a control character', '/api/jobs/job_1\r\nX-Evil: 1'],
    ['nothing', ''],
  ])('refuses a pollUrl with %s before sending anything', async (_what, pollUrl) => {
    const sim = await startSim();
    const err = await refusal(clientFor(sim).pollJob(pollUrl));
    expect(err).toMatchObject({ code: 'invalid_poll_url', field: 'pollUrl' });
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses an absolute pollUrl on the API origin but outside the API path', async () => {
    const sim = await startSim();
    const err = await refusal(clientFor(sim).pollJob(`${sim.url}/_sim/state`));
    expect(err.code).toBe('invalid_poll_url');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('pollPath under a base URL with a path prefix', () => {
  const base = new URL('https://api.example.net/hostup/');

  it('keeps relative pollUrls relative and strips the prefix from absolute ones', () => {
    expect(pollPath('/api/jobs/job_1', base)).toBe('/api/jobs/job_1');
    expect(pollPath('https://api.example.net/hostup/api/jobs/job_1?x=1', base)).toBe('/api/jobs/job_1?x=1');
  });

  it('refuses an absolute pollUrl on the origin but outside the prefix', () => {
    expect(() => pollPath('https://api.example.net/api/jobs/job_1', base)).toThrow(ProviderIdError);
    expect(() => pollPath('https://api.example.net/hostup-evil/api/jobs/job_1', base)).toThrow(
      /outside the API base URL/,
    );
  });
});
