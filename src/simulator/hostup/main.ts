/**
 * `npm run simulator`: the HostUp simulator with the demo inventory, for the local playground.
 * HOSTUP_SIM_PORT (default 4010), HOSTUP_SIM_HOST (default 127.0.0.1), HOSTUP_SIM_TOKEN (default
 * sim-token), HOSTUP_SIM_ENVELOPE ('legacy' or 'v2'). The token is a fake one, so it is printed.
 */
import { createHostUpSimulator } from './simulator.js';

const port = Number(process.env.HOSTUP_SIM_PORT ?? 4010);
const host = process.env.HOSTUP_SIM_HOST ?? '127.0.0.1';
const envelope = process.env.HOSTUP_SIM_ENVELOPE === 'v2' ? 'v2' : 'legacy';
const token = process.env.HOSTUP_SIM_TOKEN;

const sim = createHostUpSimulator({ envelope, ...(token && { token }) });
const url = await sim.listen(port, host);
process.stdout.write(`HostUp simulator listening on ${url}\n`);
process.stdout.write(`Token: ${sim.token}\n`);
process.stdout.write(`Try: curl -H 'Authorization: Bearer ${sim.token}' ${url}/api/v2/vps\n`);

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
