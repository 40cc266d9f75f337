import type { TimerSet } from '../hostup/timers.js';
import { answerThroughFaults, type FaultQueue } from '../shared/fault-queue.js';
import { type ApiCall, type ControlRequest, PlainHttpServer } from '../shared/http-server.js';
import { deliverFault } from './faults.js';
import { issueToken } from './routes-iam.js';
import { routeWorkspace } from './routes-workspace.js';
import { checkSignature, isSigned } from './signatures.js';
import { type ApiRequest, isObject, type SimState } from './state.js';
import type { SimFault, SimRequest } from './types.js';
import { newRequestId, type SimResponse, wksErrors, wksKnown } from './wire.js';

export type { ControlRequest };

export interface ServerDeps {
  state: SimState;
  faults: FaultQueue<SimFault>;
  timers: TimerSet;
  requests: SimRequest[];
  control(req: ControlRequest): SimResponse;
}

/** The request body as recorded: an IAM password never stays in memory. */
function recordedBody(body: unknown): unknown {
  if (!isObject(body) || !isObject(body.auth)) return body;
  const copy = structuredClone(body) as {
    auth: { identity?: { password?: { user?: { password?: unknown } } } };
  };
  const user = copy.auth.identity?.password?.user;
  if (user && 'password' in user) user.password = '[redacted]';
  return copy;
}

/**
 * IAM and Workspace on one plain node:http server (tests point both URLs at it), so faults can be
 * exact. Order for API requests: record → fault → route (auth inside).
 */
export function createHuaweiHttpServer(deps: ServerDeps): PlainHttpServer {
  return new PlainHttpServer({
    newRequestId,
    control: deps.control,
    api: (call) => onApiRequest(deps, call),
  });
}

function onApiRequest(deps: ServerDeps, call: ApiCall): void {
  const { method, url, path, body, bodyInvalid } = call;
  const header = call.req.headers['x-auth-token'];
  const authToken = Array.isArray(header) ? header[0] : header;
  const iam = url.pathname === '/v3/auth/tokens';
  const signature =
    !iam && isSigned(call.req.headers)
      ? checkSignature(
          { method, target: call.req.url ?? '/', headers: call.req.headers, rawBody: call.rawBody },
          deps.state.accessKeys,
        )
      : null;
  deps.requests.push({
    service: iam ? 'iam' : 'workspace',
    method,
    path,
    body: recordedBody(body),
    token: iam || signature ? 'none' : deps.state.tokens.check(authToken).state,
    ...(signature && { signature: signature.ok ? { valid: true } : { valid: false, why: signature.why } }),
    at: Date.now(),
  });
  const api: ApiRequest = { method, url, body, bodyInvalid, authToken, signature };
  const act = (): SimResponse => {
    if (iam) return issueToken(deps.state, api);
    if (url.pathname.startsWith('/v1/')) return routeWorkspace(deps.state, api);
    return wksKnown(wksErrors.notFound, `No route for ${url.pathname}.`);
  };
  answerThroughFaults(deps.faults, call, act, (fault) =>
    deliverFault(fault, { res: call.res, requestId: call.requestId, timers: deps.timers, act }),
  );
}
