export { demoInventory } from './demo-inventory.js';
export { createHostUpSimulator } from './simulator.js';
export type {
  HostUpSimulator,
  HostUpSimulatorOptions,
  SimBackup,
  SimEnvelope,
  SimFault,
  SimJob,
  SimJobAction,
  SimJobStatus,
  SimJobTiming,
  SimRateLimit,
  SimRequest,
  SimRetainedSource,
  SimVps,
  SimVpsSeed,
} from './types.js';
