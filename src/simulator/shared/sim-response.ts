import type { ServerResponse } from 'node:http';

/** A fully built answer; faults may delay, cut or replace it before it is written. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Writes a whole response, unless the client is gone or something was already sent. */
export function writeResponse(res: ServerResponse, r: SimResponse, requestId: string): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(r.status, {
    ...r.headers,
    'X-Request-Id': requestId,
    'Content-Length': String(Buffer.byteLength(r.body)),
  });
  res.end(r.body);
}
