/**
 * `npx tsx src/simulator/huawei/main.ts`: the Huawei Workspace + IAM simulator with the demo
 * inventory, for the local playground. HUAWEI_SIM_PORT (default 4020), HUAWEI_SIM_HOST (default
 * 127.0.0.1), HUAWEI_SIM_REBOOT_MS (default 5000). The IAM user is a fake one, so it is printed.
 */
import { pathToFileURL } from 'node:url';
import { createHuaweiSimulator } from './simulator.js';
import type { HuaweiSimulator } from './types.js';

/** Starts the simulator and stops it on SIGINT/SIGTERM; resolves once it listens. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<HuaweiSimulator> {
  const port = Number(env.HUAWEI_SIM_PORT ?? 4020);
  const host = env.HUAWEI_SIM_HOST ?? '127.0.0.1';
  const rebootMs = Number(env.HUAWEI_SIM_REBOOT_MS ?? 5000);
  const sim = createHuaweiSimulator({ reboot: { rebootMs } });
  const url = await sim.listen(port, host);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Huawei Workspace simulator listening on ${url} (IAM on the same URL)`);
  out(`HUAWEI_WORKSPACE_URL=${url} HUAWEI_IAM_URL=${url} HUAWEI_PROJECT_ID=${sim.projectId}`);
  out(
    `HUAWEI_IAM_USER=${sim.user.name} HUAWEI_IAM_PASSWORD=${sim.user.password} HUAWEI_IAM_DOMAIN=${sim.user.domain}`,
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return sim;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
