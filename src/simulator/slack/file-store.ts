import { randomBytes } from 'node:crypto';
import type { StoredFile } from './types.js';

/**
 * Files uploaded the way `files.uploadV2` does it: `files.getUploadURLExternal` hands out an
 * upload URL on the fake itself (a one-time capability), the bytes are POSTed there, and
 * `files.completeUploadExternal` shares the file in a conversation.
 */
export class FileStore {
  readonly #files = new Map<string, StoredFile>();
  readonly #byUploadToken = new Map<string, string>();

  create(input: { filename: string; length: number; title?: string }): { file: StoredFile; token: string } {
    const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
    const token = randomBytes(12).toString('hex');
    const file: StoredFile = {
      id,
      filename: input.filename,
      title: input.title ?? input.filename,
      declaredLength: input.length,
      content: null,
      channels: [],
      completed: false,
    };
    this.#files.set(id, file);
    this.#byUploadToken.set(token, id);
    return { file, token };
  }

  /** The upload for `token`: once only, as Slack's upload URLs work. */
  upload(token: string, content: Buffer): StoredFile | undefined {
    const id = this.#byUploadToken.get(token);
    const file = id === undefined ? undefined : this.#files.get(id);
    if (file === undefined || file.content !== null) return undefined;
    this.#byUploadToken.delete(token);
    file.content = content;
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.#files.get(id);
  }

  all(): StoredFile[] {
    return [...this.#files.values()];
  }
}
