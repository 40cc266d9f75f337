export { demoInventory } from './demo-inventory.js';
export { createHostUpSimulator } from './simulator.js';
export type {
  HostUpSimulator,
  HostUpSimulatorOptions,
  SimBackup,
  SimEnvelope,
  SimFault,
  SimHeldCall,
  SimJob,
  SimJobAction,
  SimJobStatus,
  SimJobTiming,
  SimRateLimit,
  SimRequest,
  SimRetainedSource,
  SimVps,
  SimVpsPatch,
  SimVpsSeed,
} from './types.js';
