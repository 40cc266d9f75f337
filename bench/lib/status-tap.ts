import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StatusTap {
  /** Point the bot here instead of at the simulator. */
  readonly url: string;
  /** Answers passed back, by HTTP status. */
  readonly statuses: ReadonlyMap<number, number>;
  close(): Promise<void>;
}

/**
 * A pass-through HTTP proxy that counts the simulator's answers by status. The HostUp simulator
 * records requests but not what it answered, so the 429s the bot received are counted here.
 */
export async function startStatusTap(targetUrl: string): Promise<StatusTap> {
  const statuses = new Map<number, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(targetUrl);
  const server = createServer((req, res) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (answer) => {
        const status = answer.statusCode ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    statuses,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
