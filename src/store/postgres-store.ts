import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { migrations } from './migrations/index.js';
import * as approvals from './postgres/approvals.js';
import * as audit from './postgres/audit.js';
import * as confirmations from './postgres/confirmations.js';
import { createPool, type Db, migrate } from './postgres/connection.js';
import * as operations from './postgres/operations.js';
import * as outbox from './postgres/outbox.js';
import type {
  Approval,
  AuditEntry,
  Confirmation,
  NewApproval,
  NewAuditEntry,
  NewConfirmation,
  NewOperation,
  NewOutboxMessage,
  OperationPatch,
  OutboxMessage,
  ProviderName,
  TrackedOperation,
} from './records.js';
import type {
  AddApprovalResult,
  ApprovalDecisionArgs,
  ApprovalTransitionResult,
  AuditQuery,
  ClaimArgs,
  CompleteOperationArgs,
  DecideConfirmationArgs,
  DecideConfirmationResult,
  EnqueueResult,
  Store,
} from './store.js';

export interface PostgresStoreOptions {
  readonly clock: Clock;
  /** Keep the tables in this schema (created if missing) rather than the connection's default. */
  readonly schema?: string;
  /** Most connections the pool opens; defaults to 10. */
  readonly poolSize?: number;
  /** Errors of idle pooled connections (e.g. the server restarted); the next query reports its own. */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * The Store on PostgreSQL through a `pg` Pool, for several bot replicas on one database. Every
 * transition is a conditional statement (… WHERE status/lease … RETURNING, INSERT … ON CONFLICT
 * DO NOTHING) or runs in a short transaction that locks the row first; leases are claimed with
 * FOR UPDATE SKIP LOCKED. Nothing relies on in-process state, so replicas never both win.
 */
export class PostgresStore implements Store {
  readonly #clock: Clock;
  readonly #migrations: number;
  #db: Db | null;

  private constructor(db: Db, clock: Clock, migrationCount: number) {
    this.#db = db;
    this.#clock = clock;
    this.#migrations = migrationCount;
  }

  /**
   * Connects and applies pending migrations under an advisory lock (replicas starting together
   * take turns). Errors never repeat the connection string: it may carry a password.
   */
  static async open(connectionString: string, options: PostgresStoreOptions): Promise<PostgresStore> {
    const db = createPool(connectionString, {
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      ...(options.poolSize !== undefined ? { max: options.poolSize } : {}),
      ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
    });
    try {
      await db.query('SELECT 1');
    } catch (cause) {
      await db.end().catch(() => undefined);
      throw new AppError('store_open_failed', 'Cannot connect to the PostgreSQL database', { cause });
    }
    try {
      const count = await migrate(db, migrations, options.clock.now(), options.schema);
      return new PostgresStore(db, options.clock, count);
    } catch (cause) {
      await db.end().catch(() => undefined);
      throw new AppError('store_migration_failed', 'Applying the database migrations failed', { cause });
    }
  }

  get #pool(): Db {
    if (!this.#db) throw new AppError('store_closed', 'The store is closed');
    return this.#db;
  }

  #now(): number {
    return this.#clock.now();
  }

  async createConfirmation(input: NewConfirmation): Promise<Confirmation> {
    return confirmations.createConfirmation(this.#pool, input, this.#now());
  }
  async getConfirmation(id: string): Promise<Confirmation | null> {
    return confirmations.getConfirmation(this.#pool, id);
  }
  async decideConfirmation(id: string, args: DecideConfirmationArgs): Promise<DecideConfirmationResult> {
    return confirmations.decideConfirmation(this.#pool, id, args);
  }
  async claimInteraction(key: string, now: number): Promise<boolean> {
    return confirmations.claimInteraction(this.#pool, key, now);
  }
  async pruneInteractions(before: number): Promise<number> {
    return confirmations.pruneInteractions(this.#pool, before);
  }

  async createApproval(input: NewApproval): Promise<Approval> {
    return approvals.createApproval(this.#pool, input, this.#now());
  }
  async getApproval(id: string): Promise<Approval | null> {
    return approvals.getApproval(this.#pool, id);
  }
  async listPendingApprovals(): Promise<Approval[]> {
    return approvals.listPendingApprovals(this.#pool);
  }
  async addApproval(id: string, userId: string, now: number): Promise<AddApprovalResult> {
    return approvals.addApproval(this.#pool, id, userId, now);
  }
  async rejectApproval(id: string, args: ApprovalDecisionArgs): Promise<ApprovalTransitionResult> {
    return approvals.rejectApproval(this.#pool, id, args);
  }
  async cancelApproval(id: string, args: ApprovalDecisionArgs): Promise<ApprovalTransitionResult> {
    return approvals.cancelApproval(this.#pool, id, args);
  }
  async expireApprovals(now: number): Promise<Approval[]> {
    return approvals.expireApprovals(this.#pool, now);
  }
  async markApprovalExecuting(id: string, now = this.#now()): Promise<boolean> {
    return approvals.moveApproval(this.#pool, id, ['approved'], 'executing', now);
  }
  async markApprovalExecuted(id: string, jobId: string | null, now = this.#now()): Promise<boolean> {
    return approvals.moveApproval(this.#pool, id, ['executing'], 'executed', now, { jobId });
  }
  async markApprovalFailed(id: string, error: string, now = this.#now()): Promise<boolean> {
    return approvals.moveApproval(this.#pool, id, ['approved', 'executing'], 'failed', now, { error });
  }
  async setApprovalMessage(id: string, channel: string, ts: string): Promise<boolean> {
    return approvals.setApprovalMessage(this.#pool, id, channel, ts);
  }

  async createOperation(
    input: NewOperation,
    options: { messages?: NewOutboxMessage[] } = {},
  ): Promise<TrackedOperation> {
    return operations.createOperation(this.#pool, input, options.messages ?? [], this.#now());
  }
  async getOperation(id: string): Promise<TrackedOperation | null> {
    return operations.getOperation(this.#pool, id);
  }
  async findOperationByJobId(provider: ProviderName, jobId: string): Promise<TrackedOperation | null> {
    return operations.findOperationByJobId(this.#pool, provider, jobId);
  }
  async listActiveOperations(): Promise<TrackedOperation[]> {
    return operations.listActiveOperations(this.#pool);
  }
  async claimDueOperations(args: ClaimArgs): Promise<TrackedOperation[]> {
    return operations.claimDueOperations(this.#pool, args);
  }
  async updateOperation(id: string, owner: string, patch: OperationPatch): Promise<boolean> {
    return operations.updateOperation(this.#pool, id, owner, patch, this.#now());
  }
  async extendLease(id: string, owner: string, args: { now: number; leaseMs: number }): Promise<boolean> {
    return operations.extendLease(this.#pool, id, owner, args.now + args.leaseMs);
  }
  async recordPoll(
    id: string,
    owner: string,
    patch: OperationPatch,
    messages: NewOutboxMessage[] = [],
  ): Promise<boolean> {
    return operations.recordPoll(this.#pool, id, owner, patch, messages, this.#now());
  }
  async completeOperation(
    id: string,
    owner: string,
    args: CompleteOperationArgs,
    messages: NewOutboxMessage[] = [],
  ): Promise<boolean> {
    return operations.completeOperation(this.#pool, id, owner, args, messages, this.#now());
  }
  async releaseLease(owner: string): Promise<number> {
    return operations.releaseLease(this.#pool, owner);
  }
  async recordDuration(provider: ProviderName, action: string, ms: number): Promise<void> {
    await operations.recordDuration(this.#pool, provider, action, ms, this.#now());
  }
  async typicalDuration(provider: ProviderName, action: string): Promise<number | null> {
    return operations.typicalDuration(this.#pool, provider, action);
  }

  async enqueueMessage(message: NewOutboxMessage): Promise<EnqueueResult> {
    return outbox.enqueueMessage(this.#pool, message, this.#now());
  }
  async getMessage(id: string): Promise<OutboxMessage | null> {
    return outbox.getMessage(this.#pool, id);
  }
  async claimDueMessages(args: ClaimArgs): Promise<OutboxMessage[]> {
    return outbox.claimDueMessages(this.#pool, args);
  }
  async markMessageSent(
    id: string,
    owner: string,
    args: { ts: string | null; now: number },
  ): Promise<boolean> {
    return outbox.markMessageSent(this.#pool, id, owner, args.ts, args.now);
  }
  async markMessageRetry(
    id: string,
    owner: string,
    args: { nextAttemptAt: number; error: string },
  ): Promise<boolean> {
    return outbox.markMessageRetry(this.#pool, id, owner, args.nextAttemptAt, args.error);
  }
  async markMessageFailed(id: string, owner: string, args: { error: string }): Promise<boolean> {
    return outbox.markMessageFailed(this.#pool, id, owner, args.error);
  }
  async outboxDepth(): Promise<number> {
    return outbox.outboxDepth(this.#pool);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return audit.appendAudit(this.#pool, entry, this.#now());
  }
  async listAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    return audit.listAudit(this.#pool, query);
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }
  /** Ends the pool once its clients are idle; later calls reject with store_closed. */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = null;
    await db?.end();
  }
  migrationsApplied(): number {
    return this.#migrations;
  }
}
