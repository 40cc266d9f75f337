export { demoAppServers, generatedAppServers } from './demo-inventory.js';
export { createHuaweiSimulator, defaultSimProjectId, defaultSimUser } from './simulator.js';
export type {
  HuaweiSimulator,
  HuaweiSimulatorOptions,
  SimAccessKey,
  SimAppServer,
  SimAppServerSeed,
  SimFault,
  SimIamUser,
  SimRebootTiming,
  SimRequest,
} from './types.js';
