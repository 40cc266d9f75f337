import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let server: Server;
let status = 200;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function healthcheck(port: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'healthcheck.ts')], {
    env: { PATH: process.env.PATH ?? '', PORT: port },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('the container healthcheck (dist/healthcheck.js)', () => {
  it('exits 0 when GET /healthz on PORT answers 200, and 1 when it answers anything else', async () => {
    const port = String((server.address() as AddressInfo).port);
    status = 200;
    expect((await healthcheck(port)).code).toBe(0);
    status = 503;
    const unhealthy = await healthcheck(port);
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.stderr).toContain('answered 503');
    expect(paths).toEqual(['/healthz', '/healthz']);
  }, 20_000);

  it('exits 1 when nothing listens on PORT, or PORT is not a port', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closed = String((probe.address() as AddressInfo).port);
    await new Promise((resolve) => probe.close(resolve));
    const refused = await healthcheck(closed);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ECONNREFUSED/);
    expect((await healthcheck('eighty')).code).toBe(1);
  }, 20_000);
});
