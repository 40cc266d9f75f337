import { randomBytes } from 'node:crypto';
import { jsonResponse, type SimResponse } from '../shared/sim-response.js';

export type { SimResponse } from '../shared/sim-response.js';
export { jsonResponse };

/** Huawei's documented error codes, with the messages the docs give. */
export const wksErrors = {
  paramInvalid: { status: 400, code: 'WKS.00211102', msg: 'The parameter is invalid.' },
  messageInvalid: { status: 400, code: 'WKS.00129901', msg: 'The request message is invalid.' },
  forbidden: {
    status: 403,
    code: 'WKS.00081102',
    msg: 'User does not have permission to access this resource.',
  },
  // The docs give no code for 404; this one follows the pattern of the 405 code (assumed).
  notFound: { status: 404, code: 'WKS.00000404', msg: 'The resource does not exist.' },
  methodNotAllowed: { status: 405, code: 'WKS.00000405', msg: 'Method not allowed.' },
  internal: {
    status: 500,
    code: 'WKS.00211401',
    msg: 'The requested operation failed. Please try again later.',
  },
  unavailable: {
    status: 503,
    code: 'WKS.00000503',
    msg: 'The service is unavailable. Please try again later.',
  },
} as const;

/** The code a `status` fault uses when it names only the status. */
export function defaultErrorFor(status: number): { code: string; msg: string } {
  const known = Object.values(wksErrors).find((e) => e.status === status);
  if (known) return known;
  if (status === 401) return { code: 'APIG.1002', msg: 'Incorrect token or token resolution failed' };
  return { code: `WKS.00000${status}`, msg: `Simulated ${status}` };
}

export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

export function wksError(status: number, code: string, msg: string): SimResponse {
  return jsonResponse(status, { error_code: code, error_msg: msg });
}

export function wksKnown(error: (typeof wksErrors)[keyof typeof wksErrors], msg?: string): SimResponse {
  return wksError(error.status, error.code, msg ?? error.msg);
}

/** What the API gateway in front of Workspace answers for a missing, unknown or expired token. */
export function tokenRefused(msg: string): SimResponse {
  return wksError(401, 'APIG.1002', msg);
}

/** IAM (Keystone) style error body. */
export function keystoneError(status: number, title: string, message: string): SimResponse {
  return jsonResponse(status, { error: { code: status, title, message } });
}
