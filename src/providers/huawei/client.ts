import type { z } from 'zod';
import { type Clock, systemClock } from '../../clock.js';
import {
  type AppServer,
  type AppServerApi,
  type AppServerQuery,
  type BatchRebootResult,
  batchRebootResult,
  type RebootChunkResult,
  type RebootType,
} from '../../domain/app-server.js';
import { AppError, ConfigError, ProviderError, TransportError } from '../../errors.js';
import type { HuaweiAuth } from './config.js';
import { AkSkCredentials, TokenCredentials, type WorkspaceCredentials } from './credentials.js';
import { type HuaweiEndpointSettings, resolveHuaweiEndpoints } from './endpoints.js';
import { INVALID_RESPONSE, WORKSPACE } from './errors.js';
import { HuaweiExchange, type HuaweiExchangeOptions } from './exchange.js';
import { requestIamToken } from './iam.js';
import { type WorkspaceAnswer, type WorkspaceCall, WorkspaceRequester } from './request.js';
import { appServerPageSchema, appServerSchema } from './schemas.js';
import { FixedTokenSource, IamTokenSource, type TokenPolicy } from './token-source.js';

/** Documented limits: 1–20 ids per batch-reboot request, 1–100 servers per list page. */
export const MAX_REBOOT_BATCH = 20;
export const MAX_PAGE_SIZE = 100;
/** A list that keeps returning full pages must not loop forever. */
const MAX_PAGES = 1_000;

/** A HuaweiConfig (from loadHuaweiConfig) fits as is; the rest is for tests and wiring. */
export interface HuaweiClientOptions extends HuaweiEndpointSettings, HuaweiExchangeOptions {
  readonly projectId: string;
  readonly auth: HuaweiAuth;
  /** Token age and renewal are measured on this clock. */
  readonly clock?: Clock;
  readonly tokenPolicy?: Partial<TokenPolicy>;
  /** Servers per list request, 1..100 (default 100). */
  readonly pageSize?: number;
}

export type AppServerPageQuery = AppServerQuery & { readonly offset?: number; readonly limit?: number };

const seg = encodeURIComponent;

/** Huawei Cloud Workspace app servers as the bot's AppServerApi. */
export class HuaweiWorkspaceClient implements AppServerApi {
  readonly #exchange: HuaweiExchange;
  readonly #requester: WorkspaceRequester;
  readonly #pageSize: number;

  constructor(options: HuaweiClientOptions) {
    const endpoints = resolveHuaweiEndpoints(options);
    const problems = checkOptions(options, endpoints.iamUrl);
    if (problems.length > 0) throw new ConfigError(problems);
    this.#exchange = new HuaweiExchange(options);
    this.#pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? MAX_PAGE_SIZE)));
    this.#requester = new WorkspaceRequester({
      exchange: this.#exchange,
      credentials: this.#credentials(options, endpoints.iamUrl),
      workspaceUrl: endpoints.workspaceUrl,
      projectId: options.projectId,
    });
  }

  #credentials(options: HuaweiClientOptions, iamUrl: string | null): WorkspaceCredentials {
    const { auth, projectId } = options;
    const clock = options.clock ?? systemClock;
    switch (auth.kind) {
      case 'token':
        this.#exchange.addSecret(auth.token);
        return new TokenCredentials(new FixedTokenSource(auth.token), this.#exchange);
      case 'aksk':
        this.#exchange.addSecret(auth.secretKey);
        return new AkSkCredentials(
          { accessKey: auth.accessKey, secretKey: auth.secretKey, projectId },
          clock,
        );
      case 'iam': {
        this.#exchange.addSecret(auth.password);
        const source = new IamTokenSource(
          () => requestIamToken(this.#exchange, { iamUrl: iamUrl!, projectId, credentials: auth }),
          clock,
          options.tokenPolicy,
        );
        return new TokenCredentials(source, this.#exchange);
      }
    }
  }

  /** Closes the client's own connection pool (not a dispatcher passed in). */
  close(): Promise<void> {
    return this.#exchange.close();
  }

  /** Every matching server, page by page (offset/limit); a server seen twice is kept once. */
  async listAppServers(query: AppServerQuery = {}): Promise<AppServer[]> {
    const byId = new Map<string, AppServer>();
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { items, count } = await this.listAppServersPage({ ...query, offset, limit: this.#pageSize });
      for (const server of items) if (!byId.has(server.id)) byId.set(server.id, server);
      offset += items.length;
      if (items.length < this.#pageSize || (count !== null && offset >= count)) return [...byId.values()];
    }
    throw new ProviderError({
      provider: WORKSPACE,
      status: 200,
      code: INVALID_RESPONSE,
      detail: `the app server list kept returning full pages (${MAX_PAGES} pages)`,
    });
  }

  /** One page; `count` is the total Huawei reports (null when it did not). */
  async listAppServersPage(
    query: AppServerPageQuery = {},
  ): Promise<{ items: AppServer[]; count: number | null }> {
    const answer = await this.#requester.request({
      method: 'GET',
      path: '/app-servers',
      query: {
        offset: query.offset ?? 0,
        limit: query.limit ?? this.#pageSize,
        server_name: query.serverName,
        machine_name: query.machineName,
        ip_addr: query.ipAddr,
        server_group_id: query.serverGroupId,
        server_id: query.serverId,
      },
    });
    const page = parse(answer, appServerPageSchema);
    return { items: page.items, count: page.count ?? null };
  }

  async getAppServer(id: string): Promise<AppServer> {
    const answer = await this.#requester.request({ method: 'GET', path: `/app-servers/${seg(id)}` });
    return parse(answer, appServerSchema);
  }

  /**
   * Sends `{items, type}` in chunks of at most 20 ids, one after the other, each at most once.
   * After a chunk fails the rest are not sent (reported as skipped): the person decides, knowing
   * exactly which servers were accepted. Throws only for arguments that are not usable.
   */
  async batchReboot(ids: readonly string[], type: RebootType): Promise<BatchRebootResult> {
    if (type !== 'SOFT' && type !== 'HARD') {
      throw new AppError('invalid_reboot_type', 'The reboot type must be SOFT or HARD');
    }
    const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
    if (unique.length === 0)
      throw new AppError('no_app_servers', 'A reboot needs at least one app server id');
    const chunks: RebootChunkResult[] = [];
    let failed = false;
    for (let i = 0; i < unique.length; i += MAX_REBOOT_BATCH) {
      const part = unique.slice(i, i + MAX_REBOOT_BATCH);
      if (failed) {
        chunks.push({ outcome: 'skipped', ids: part });
        continue;
      }
      const call: WorkspaceCall = {
        method: 'PATCH',
        path: '/app-servers/actions/batch-reboot',
        body: { items: part, type },
      };
      try {
        const answer = await this.#requester.request(call);
        chunks.push({ outcome: 'accepted', ids: part, requestId: answer.requestId });
      } catch (error) {
        failed = true;
        chunks.push({
          outcome: 'failed',
          ids: part,
          error: asError(error),
          mayHaveActed: mayHaveActed(error),
        });
      }
    }
    return batchRebootResult(type, chunks);
  }
}

/**
 * Whether a failed batch-reboot may still have rebooted servers: only when Workspace itself may
 * have received it (an IAM failure happened before anything was sent) and did not clearly refuse
 * it (a lost answer, or a 5xx that may come after a partial start).
 */
function mayHaveActed(error: unknown): boolean {
  if (error instanceof TransportError) return error.provider === WORKSPACE && error.mayHaveReachedServer;
  if (error instanceof ProviderError) return error.provider === WORKSPACE && error.status >= 500;
  return false;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new AppError('unexpected', String(error));
}

function parse<S extends z.ZodType>(answer: WorkspaceAnswer, schema: S): z.output<S> {
  const parsed = schema.safeParse(answer.json);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new ProviderError({
    provider: WORKSPACE,
    status: answer.status,
    code: INVALID_RESPONSE,
    detail: `unexpected answer shape (${where})`,
    requestId: answer.requestId ?? undefined,
    cause: parsed.error,
  });
}

function checkOptions(options: HuaweiClientOptions, iamUrl: string | null): string[] {
  const problems: string[] = [];
  if (!options.projectId?.trim()) problems.push('Huawei project id is empty');
  const auth = options.auth;
  if (auth.kind === 'token') {
    if (!auth.token) problems.push('Huawei fixed token is empty');
  } else if (auth.kind === 'aksk') {
    if (!auth.accessKey || !auth.secretKey)
      problems.push('Huawei AK/SK signing needs an access key and a secret key');
  } else {
    if (!auth.user || !auth.password || !auth.domain) {
      problems.push('Huawei IAM login needs a user, a password and a domain (account) name');
    }
    if (iamUrl === null) problems.push('Huawei IAM login needs a region or an IAM URL');
  }
  return problems;
}
