import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './types.js';

const maxBodyBytes = 1024 * 1024;

/** Reads the whole body as text (refusing anything over 1 MiB). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Form (`application/x-www-form-urlencoded`, what @slack/web-api sends) or JSON, by Content-Type.
 * Returns undefined when the body cannot be parsed.
 */
export function parseBody(raw: string, contentType: string | undefined): Json | undefined {
  if (contentType?.includes('application/json')) {
    if (raw.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Json)
        : undefined;
    } catch {
      return undefined;
    }
  }
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = value;
  return args;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
