import type { z } from 'zod';
import type { PowerAction } from '../../domain/actions.js';
import type { JobState, QueuedOperation } from '../../domain/operation.js';
import type {
  BackupList,
  HostnameResult,
  RestoreSource,
  SnapshotList,
  Vps,
  VpsDetails,
  VpsLiveStatus,
} from '../../domain/vps.js';
import type { ListVpsQuery, RateLimitInfo, VpsApi, VpsPage } from '../../domain/vps-api.js';
import { ProviderError } from '../../errors.js';
import { checkedId, idSegment, pollPath, vpsPath } from './ids.js';
import { normaliseJob, toQueuedOperation } from './job.js';
import { INVALID_RESPONSE } from './problem.js';
import { type HostUpAnswer, type HostUpCall, HostUpHttp, type HostUpHttpOptions } from './request.js';
import {
  backupListSchema,
  hostnameSchema,
  liveStatusSchema,
  restoreSourcesSchema,
  snapshotListSchema,
  vpsDetailsSchema,
  vpsPageSchema,
  vpsSchema,
} from './schemas.js';
import { PROVIDER } from './transport-errors.js';

export type HostUpClientOptions = HostUpHttpOptions;

/** A runaway cursor (the API handing back the same one) must not loop forever. */
const MAX_PAGES = 1_000;

/**
 * The HostUp VPS API v2 as the bot's VpsApi. Reads return domain types; acting calls return the
 * queued operation and are sent at most once (see HostUpHttp for the only cases that resend).
 * Every id is checked for an id's shape before it reaches a path (ids.ts); the methods are async
 * so that a refused id rejects the promise like any other failure.
 */
export class HostUpClient implements VpsApi {
  readonly #http: HostUpHttp;

  constructor(options: HostUpClientOptions) {
    this.#http = new HostUpHttp(options);
  }

  /** The rate-limit figures of the latest answer that carried any. */
  get lastRateLimit(): RateLimitInfo | null {
    return this.#http.lastRateLimit;
  }

  /** Closes the client's own connection pool (not a dispatcher passed in). */
  close(): Promise<void> {
    return this.#http.close();
  }

  async listVps(query: ListVpsQuery = {}): Promise<Vps[]> {
    const all: Vps[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.listVpsPage({
        ...query,
        limit: query.limit ?? 100,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...result.items);
      if (result.nextCursor === null) return all;
      if (seen.has(result.nextCursor)) break;
      seen.add(result.nextCursor);
      cursor = result.nextCursor;
    }
    throw new ProviderError({
      provider: PROVIDER,
      status: 200,
      code: INVALID_RESPONSE,
      detail: 'the VPS list kept returning pages (a cursor repeated or the page limit was reached)',
    });
  }

  async listVpsPage(query: ListVpsQuery & { cursor?: string } = {}): Promise<VpsPage> {
    const page = await this.#read(
      {
        method: 'GET',
        path: '/api/v2/vps',
        query: { limit: query.limit, cursor: query.cursor, name: query.name, primaryIp: query.primaryIp },
      },
      vpsPageSchema,
    );
    // `hasMore: false` wins over a stray cursor; a cursor without `hasMore` means more pages.
    const nextCursor = page.hasMore === false ? null : (page.nextCursor ?? null);
    return { items: page.data, nextCursor };
  }

  async getVps(id: string): Promise<Vps> {
    return this.#read({ method: 'GET', path: vpsPath(id) }, vpsSchema, { unwrap: 'id' });
  }

  async getVpsDetails(id: string): Promise<VpsDetails> {
    return this.#read({ method: 'GET', path: vpsPath(id, 'details') }, vpsDetailsSchema(id), {
      unwrap: 'actions',
    });
  }

  /** Live state: power, uptime and pending tasks tell whether an operation has really happened. */
  async getVpsStatus(id: string): Promise<VpsLiveStatus> {
    return this.#read({ method: 'GET', path: vpsPath(id, 'status') }, liveStatusSchema, {
      unwrap: 'powerState',
    });
  }

  /** Restart sends `{"force":true}` only when asked to escalate; every other call sends no body. */
  async powerAction(
    id: string,
    action: PowerAction,
    options: { force?: boolean } = {},
  ): Promise<QueuedOperation> {
    const body = action === 'restart' && options.force === true ? { force: true } : undefined;
    return this.#act({ method: 'POST', path: vpsPath(id, 'actions', idSegment('action', action)), body });
  }

  async listSnapshots(id: string): Promise<SnapshotList> {
    return this.#read({ method: 'GET', path: vpsPath(id, 'snapshots') }, snapshotListSchema);
  }

  /**
   * The docs do not publish the body; `{name, description?}` is what the snapshot list shows. The
   * name must have an id's shape, since it is the id a later restore puts in its path.
   */
  async createSnapshot(
    id: string,
    snapshot: { name: string; description?: string },
  ): Promise<QueuedOperation> {
    const name = checkedId('snapshotName', snapshot.name);
    const body = snapshot.description === undefined ? { name } : { name, description: snapshot.description };
    return this.#act({ method: 'POST', path: vpsPath(id, 'snapshots'), body });
  }

  async restoreSnapshot(id: string, snapshotName: string): Promise<QueuedOperation> {
    return this.#act({
      method: 'POST',
      path: vpsPath(id, 'snapshots', idSegment('snapshotName', snapshotName), 'actions', 'restore'),
    });
  }

  async listBackups(id: string): Promise<BackupList> {
    return this.#read({ method: 'GET', path: vpsPath(id, 'backups') }, backupListSchema);
  }

  async listRestoreSources(id: string): Promise<RestoreSource[]> {
    return this.#read(
      { method: 'GET', path: vpsPath(id, 'backups', 'restore-sources') },
      restoreSourcesSchema,
    );
  }

  async restoreFromVps(
    id: string,
    source: { sourceVpsId: string; backupId: string },
  ): Promise<QueuedOperation> {
    const path = vpsPath(id, 'backups', 'actions', 'restore-from-vps');
    const body = {
      sourceVpsId: checkedId('sourceVpsId', source.sourceVpsId),
      backupId: checkedId('backupId', source.backupId),
    };
    return this.#act({ method: 'POST', path, body });
  }

  async getHostname(id: string): Promise<HostnameResult> {
    return this.#read({ method: 'GET', path: vpsPath(id, 'hostname') }, hostnameSchema, {
      unwrap: 'hostname',
    });
  }

  /** Synchronous at HostUp (200, no job). The body is exactly `{"hostname": …}`. */
  async setHostname(id: string, hostname: string): Promise<HostnameResult> {
    return this.#read({ method: 'PUT', path: vpsPath(id, 'hostname'), body: { hostname } }, hostnameSchema, {
      unwrap: 'hostname',
    });
  }

  /**
   * One reading of a job. `pollUrl` is a path under `/api/` or an absolute URL on the base URL's
   * origin (see pollPath): a tampered answer can send the token neither elsewhere nor off the API.
   */
  async pollJob(pollUrl: string): Promise<JobState> {
    const path = pollPath(pollUrl, this.#http.base);
    const answer = await this.#http.request({ method: 'GET', path });
    return normaliseJob(answer.json, answer.requestId);
  }

  async #act(call: HostUpCall): Promise<QueuedOperation> {
    const answer = await this.#http.request(call);
    const operation = toQueuedOperation(answer.json);
    if (!operation) {
      throw invalidAnswer(answer, 'the action was accepted but the answer has no job id', null);
    }
    return operation;
  }

  async #read<S extends z.ZodType>(
    call: HostUpCall,
    schema: S,
    options: { unwrap?: string } = {},
  ): Promise<z.output<S>> {
    const answer = await this.#http.request(call);
    const body = unwrapData(answer.json, options.unwrap);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw invalidAnswer(answer, `unexpected answer shape (${where})`, parsed.error);
    }
    return parsed.data;
  }
}

/** Single-object answers may come wrapped as `{data:{…}}`; unwrap when the expected key is missing. */
function unwrapData(json: unknown, expectedKey: string | undefined): unknown {
  if (!expectedKey || typeof json !== 'object' || json === null) return json;
  const obj = json as Record<string, unknown>;
  if (expectedKey in obj) return json;
  const data = obj.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? data : json;
}

function invalidAnswer(answer: HostUpAnswer, detail: string, cause: unknown): ProviderError {
  return new ProviderError({
    provider: PROVIDER,
    status: answer.status,
    code: INVALID_RESPONSE,
    detail,
    requestId: answer.requestId ?? undefined,
    cause,
  });
}
