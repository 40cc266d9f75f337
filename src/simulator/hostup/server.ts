import type { IncomingMessage } from 'node:http';
import { answerThroughFaults, type FaultQueue } from '../shared/fault-queue.js';
import { type ApiCall, type ControlRequest, PlainHttpServer } from '../shared/http-server.js';
import type { CallLog } from './call-log.js';
import type { SimState } from './context.js';
import { deliverWithFault } from './fault-delivery.js';
import type { HeldAnswers } from './held-answers.js';
import { newRequestId, problemResponse, type SimResponse } from './problem.js';
import type { SlidingWindowLimiter } from './rate-limit.js';
import { routeApi } from './router.js';
import type { TimerSet } from './timers.js';
import type { SimFault } from './types.js';

export type { ControlRequest };

export interface ServerDeps {
  token: string;
  state: SimState;
  faults: FaultQueue<SimFault>;
  limiter: SlidingWindowLimiter;
  timers: TimerSet;
  log: CallLog;
  held: HeldAnswers;
  control(req: ControlRequest): SimResponse;
}

/**
 * The HostUp HTTP side, so faults can be exact: destroy a socket, never send headers, or send half
 * a body. Order for API requests: record (in the call log) → fault → auth → rate limit → route.
 */
export function createHostUpHttpServer(deps: ServerDeps): PlainHttpServer {
  return new PlainHttpServer({
    newRequestId,
    control: deps.control,
    api: (call) => onApiRequest(deps, call),
  });
}

function onApiRequest(deps: ServerDeps, call: ApiCall): void {
  const { method, path, body, requestId, url } = call;
  const entry = deps.log.record({ method, path, url, body });
  const jobs = deps.state.jobs.jobs;
  const act = (): SimResponse => {
    const jobCount = jobs.length;
    const answer = answerApi(deps, call.req, {
      method,
      path,
      url,
      body,
      bodyInvalid: call.bodyInvalid,
      requestId,
    });
    entry.routeStatus = answer.status;
    // Routes run synchronously, so a job added meanwhile was queued by this call.
    entry.jobId = jobs[jobCount]?.id ?? null;
    return answer;
  };
  answerThroughFaults(deps.faults, call, act, (fault) => {
    entry.fault = fault.kind;
    deliverWithFault(fault, {
      res: call.res,
      requestId,
      instance: url.pathname,
      timers: deps.timers,
      rateLimitCeiling: deps.limiter.config?.limit ?? 60,
      act,
      hold: (answer, ms) => {
        deps.held.hold(entry, call.res, answer, requestId);
        if (ms !== undefined) deps.timers.after(ms, () => deps.held.release(entry.seq));
      },
    });
  });
}

function answerApi(
  deps: ServerDeps,
  req: IncomingMessage,
  ctx: { method: string; path: string; url: URL; body: unknown; bodyInvalid: boolean; requestId: string },
): SimResponse {
  const { pathname } = ctx.url;
  const full = { ...ctx, state: deps.state };
  if (!pathname.startsWith('/api/')) return routeApi(full);
  const auth = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(auth);
  if (match?.[1] !== deps.token) {
    return problemResponse({
      status: 401,
      code: 'unauthorized',
      detail: match ? 'The API key is not valid' : 'Missing bearer token',
      instance: pathname,
      requestId: ctx.requestId,
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  const decision = deps.limiter.check();
  if (!decision.allowed) {
    return problemResponse({
      status: 429,
      code: 'rate_limit_exceeded',
      detail: `Rate limit exceeded; retry after ${decision.retryAfterSec} s`,
      instance: pathname,
      requestId: ctx.requestId,
      headers: { ...decision.headers, 'Retry-After': String(decision.retryAfterSec) },
    });
  }
  const answer = routeApi(full);
  return { ...answer, headers: { ...answer.headers, ...decision.headers } };
}
