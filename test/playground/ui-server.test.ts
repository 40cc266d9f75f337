import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, playgroundChannel } from '../../src/playground/people.js';
import { type Playground, startPlayground } from '../../src/playground/playground.js';
import type { UiSnapshot } from '../../src/playground/ui-state.js';

const [ana, , , dee] = people.map((p) => p.id);
let pg: Playground;

beforeAll(async () => {
  pg = await startPlayground({
    port: 0,
    job: { queuedMs: 50, runningMs: 200, progressSteps: 2 },
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await pg.close();
});

async function post(path: string, body: unknown): Promise<{ ok: boolean; error?: string }> {
  const res = await fetch(`${pg.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; error?: string };
}

async function snapshot(user: string | undefined): Promise<UiSnapshot> {
  const res = await fetch(`${pg.url}/ui/state?user=${user}`, { headers: { connection: 'close' } });
  return (await res.json()) as UiSnapshot;
}

/** Reads server-sent events until `done` accepts one snapshot; resolves with how many arrived. */
function readEvents(user: string, done: (s: UiSnapshot) => boolean, onOpen: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let buffer = '';
    const req = request(`${pg.url}/ui/events?user=${user}`, { agent: false }, (res) => {
      expect(res.headers['content-type']).toContain('text/event-stream');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (data === undefined) continue;
          count += 1;
          if (count === 1) onOpen();
          if (done(JSON.parse(data) as UiSnapshot)) {
            req.destroy();
            resolve(count);
          }
        }
      });
    });
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
}

describe('the playground server', () => {
  it('serves the page with a policy that allows nothing from elsewhere', async () => {
    const res = await fetch(pg.url, { headers: { connection: 'close' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/app.js">');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves only its own files, whatever path is asked for', async () => {
    const res = await fetch(`${pg.url}/../package.json`, { headers: { connection: 'close' } });
    expect(res.status).toBe(404);
    const encoded = await fetch(`${pg.url}/%2e%2e/%2e%2e/package.json`, { headers: { connection: 'close' } });
    expect(encoded.status).toBe(404);
  });

  it('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${pg.url}/ui/state?user=${ana}`,
        { agent: false, headers: { host: 'evil.example:80' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('runs a typed /vps command as a signed request and shows the bot’s private answer to that person only', async () => {
    expect(await post('/ui/command', { user: ana, text: '/vps help' })).toEqual({ ok: true });
    await pg.slack.waitFor(() => pg.slack.ephemerals(ana!).length > 0);
    const mine = await snapshot(ana);
    expect(mine.timeline.map((m) => m.kind)).toEqual(['echo', 'ephemeral']);
    expect(mine.timeline[0]?.text).toBe('/vps help');
    const theirs = await snapshot(dee);
    expect(theirs.timeline).toEqual([]);
  });

  it('turns away anything that is not /vps, and unknown people, before the bot hears of it', async () => {
    const calls = pg.slack.calls.length;
    expect(await post('/ui/command', { user: ana, text: 'hello' })).toMatchObject({ ok: false });
    expect(await post('/ui/command', { user: ana, text: '/deploy web-01' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('/deploy is not a command'),
    });
    const stranger = await fetch(`${pg.url}/ui/command`, {
      method: 'POST',
      headers: { connection: 'close' },
      body: JSON.stringify({ user: 'UNOBODY01', text: '/vps help' }),
    });
    expect(stranger.status).toBe(400);
    expect(pg.slack.calls.length).toBe(calls);
  });

  it('says plainly when a click names a message that is gone', async () => {
    const result = await post('/ui/click', {
      user: ana,
      actionId: 'vps.confirm',
      container: 'ephemeral',
      messageTs: '1.000001',
    });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('gone') });
  });

  it('pushes a fresh snapshot over server-sent events when the channel changes, without being asked', async () => {
    const events = await readEvents(
      ana!,
      (s) => s.timeline.some((m) => m.text === 'pushed, not polled'),
      () => {
        pg.slack.seedMessage({ channel: playgroundChannel.id, user: dee!, text: 'pushed, not polled' });
      },
    );
    expect(events).toBe(2);
  });
});
