import { createHostUpSimulator, type HostUpSimulator, type SimJobTiming } from '../simulator/hostup/index.js';
import { createHuaweiSimulator, type HuaweiSimulator } from '../simulator/huawei/index.js';

/** Slow enough to watch a thread fill: ~1.5 s queued, then ~4.5 s running in three steps. */
export const watchableJobTiming: SimJobTiming = { queuedMs: 1500, runningMs: 4500, progressSteps: 3 };

export interface Backends {
  readonly hostup: HostUpSimulator;
  readonly huawei: HuaweiSimulator;
  /** What the bot's loadConfig reads to reach them (variables it does not know are ignored). */
  readonly env: Record<string, string>;
}

/**
 * The clouds the bot talks to, simulated on loopback with their demo inventories: HostUp (web-01 …)
 * and Huawei Workspace + IAM (app-01 …). `onClose` receives each one's close as it starts, so a
 * failure half-way still stops what already listens.
 */
export async function startBackends(args: {
  job?: SimJobTiming;
  rebootMs?: number;
  onClose: (close: () => Promise<void>) => void;
}): Promise<Backends> {
  const hostup = createHostUpSimulator({ job: args.job ?? watchableJobTiming });
  await hostup.listen(0, '127.0.0.1');
  args.onClose(() => hostup.close());

  const huawei = createHuaweiSimulator({ reboot: { rebootMs: args.rebootMs ?? 5000 } });
  await huawei.listen(0, '127.0.0.1');
  args.onClose(() => huawei.close());

  return {
    hostup,
    huawei,
    env: {
      HOSTUP_API_URL: hostup.url,
      HOSTUP_API_TOKEN: hostup.token,
      HUAWEI_WORKSPACE_URL: huawei.url,
      HUAWEI_IAM_URL: huawei.url,
      HUAWEI_PROJECT_ID: huawei.projectId,
      HUAWEI_IAM_USER: huawei.user.name,
      HUAWEI_IAM_PASSWORD: huawei.user.password,
      HUAWEI_IAM_DOMAIN: huawei.user.domain,
    },
  };
}
