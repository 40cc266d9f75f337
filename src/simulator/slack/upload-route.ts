import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallLog } from './call-log.js';
import type { FileStore } from './file-store.js';

const maxUploadBytes = 50 * 1024 * 1024;

/** The method name upload POSTs are recorded under. */
export const uploadMethod = 'files.upload_url';

/**
 * POST /upload/<token>: the bytes of a file, as @slack/web-api's uploadV2 sends them (a
 * multipart form with the file in `file`, or a raw body). Answers 200 "OK - <bytes>" as Slack's
 * upload host does; an unknown or used token is a 404.
 */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  deps: { files: FileStore; log: CallLog; now: () => number },
): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxUploadBytes) {
      res.writeHead(413).end();
      return;
    }
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const content = type.startsWith('multipart/form-data') ? await fromMultipart(raw, type) : raw;
  const file = content === null ? undefined : deps.files.upload(token, content);
  const ok = file !== undefined;
  deps.log.record({
    method: uploadMethod,
    args: { file_id: file?.id ?? null, bytes: content?.length ?? 0 },
    at: deps.now(),
    ok,
    status: ok ? 200 : 404,
    ...(ok ? {} : { error: 'invalid_upload_url' }),
  });
  res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain' });
  res.end(ok ? `OK - ${content!.length}` : 'invalid upload url');
}

/** The first file part of a multipart body (Node's own form parser). */
async function fromMultipart(raw: Buffer, contentType: string): Promise<Buffer | null> {
  try {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    for (const value of form.values()) {
      if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    }
    const [first] = [...form.values()];
    return typeof first === 'string' ? Buffer.from(first) : null;
  } catch {
    return null;
  }
}
