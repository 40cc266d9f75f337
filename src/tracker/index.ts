export { OutboxWorker, type OutboxWorkerOptions, SendFailure, type SendMessage } from './outbox-worker.js';
export {
  defaultFailureBackoff,
  defaultPollSchedule,
  type FailureBackoffOptions,
  failureBackoffDelay,
  firstPollAt,
  nextPollDelay,
  type PollScheduleInput,
  type PollScheduleOptions,
} from './poll-schedule.js';
export { RateBudget, type RateBudgetOptions } from './rate-budget.js';
export { OperationTracker, type OperationTrackerOptions } from './tracker.js';
export { defaultThreadPolicy, type ThreadPolicy } from './transitions.js';
