export {
  type ConnectExtras,
  createHostUpAgent,
  defaultHostUpTimeouts,
  type HostUpTimeouts,
} from './agent.js';
export { HostUpClient, type HostUpClientOptions } from './client.js';
export { toGate, toGates } from './gates.js';
export { checkedId, type IdField, pollPath } from './ids.js';
export { normaliseJob, toJobStatus, toQueuedOperation } from './job.js';
export { INVALID_RESPONSE, problemToError } from './problem.js';
export { parseRetryAfter, readRateLimit } from './rate-limit.js';
export {
  defaultHostUpRetryPolicy,
  type HostUpAnswer,
  type HostUpCall,
  HostUpHttp,
  type HostUpHttpOptions,
  type HostUpLogger,
  type HostUpRetryPolicy,
} from './request.js';
export { PROVIDER as HOSTUP_PROVIDER, toTransportError } from './transport-errors.js';
