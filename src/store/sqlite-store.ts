import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { migrations } from './migrations/index.js';
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
import * as approvals from './sqlite/approvals.js';
import * as audit from './sqlite/audit.js';
import * as confirmations from './sqlite/confirmations.js';
import { type Db, migrate, openDatabase } from './sqlite/connection.js';
import * as operations from './sqlite/operations.js';
import * as outbox from './sqlite/outbox.js';
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

/**
 * The Store on a SQLite file through better-sqlite3. Its calls are synchronous; the async methods
 * keep the interface PostgreSQL-shaped. Guards live in SQL (conditional UPDATEs inside
 * `BEGIN IMMEDIATE`), so several connections or processes on one file stay correct.
 */
export class SqliteStore implements Store {
  readonly #clock: Clock;
  readonly #migrations: number;
  #db: Db | null;

  private constructor(db: Db, clock: Clock, migrationCount: number) {
    this.#db = db;
    this.#clock = clock;
    this.#migrations = migrationCount;
  }

  /** Opens (creating if needed) the database file and applies pending migrations. */
  static open(filename: string, options: { clock: Clock }): SqliteStore {
    const db = openDatabase(filename);
    try {
      return new SqliteStore(db, options.clock, migrate(db, migrations, options.clock.now()));
    } catch (cause) {
      db.close();
      throw new AppError('store_migration_failed', 'Applying the database migrations failed', { cause });
    }
  }

  get #conn(): Db {
    if (!this.#db) throw new AppError('store_closed', 'The store is closed');
    return this.#db;
  }

  #now(): number {
    return this.#clock.now();
  }

  async createConfirmation(input: NewConfirmation): Promise<Confirmation> {
    return confirmations.createConfirmation(this.#conn, input, this.#now());
  }
  async getConfirmation(id: string): Promise<Confirmation | null> {
    return confirmations.getConfirmation(this.#conn, id);
  }
  async decideConfirmation(id: string, args: DecideConfirmationArgs): Promise<DecideConfirmationResult> {
    return confirmations.decideConfirmation(this.#conn, id, args);
  }
  async claimInteraction(key: string, now: number): Promise<boolean> {
    return confirmations.claimInteraction(this.#conn, key, now);
  }
  async pruneInteractions(before: number): Promise<number> {
    return confirmations.pruneInteractions(this.#conn, before);
  }

  async createApproval(input: NewApproval): Promise<Approval> {
    return approvals.createApproval(this.#conn, input, this.#now());
  }
  async getApproval(id: string): Promise<Approval | null> {
    return approvals.getApproval(this.#conn, id);
  }
  async listPendingApprovals(): Promise<Approval[]> {
    return approvals.listPendingApprovals(this.#conn);
  }
  async addApproval(id: string, userId: string, now: number): Promise<AddApprovalResult> {
    return approvals.addApproval(this.#conn, id, userId, now);
  }
  async rejectApproval(id: string, args: ApprovalDecisionArgs): Promise<ApprovalTransitionResult> {
    return approvals.rejectApproval(this.#conn, id, args);
  }
  async cancelApproval(id: string, args: ApprovalDecisionArgs): Promise<ApprovalTransitionResult> {
    return approvals.cancelApproval(this.#conn, id, args);
  }
  async expireApprovals(now: number): Promise<Approval[]> {
    return approvals.expireApprovals(this.#conn, now);
  }
  async markApprovalExecuting(id: string, now = this.#now()): Promise<boolean> {
    return approvals.moveApproval(this.#conn, id, ['approved'], 'executing', now);
  }
  async markApprovalExecuted(id: string, jobId: string | null, now = this.#now()): Promise<boolean> {
    return approvals.moveApproval(this.#conn, id, ['executing'], 'executed', now, { jobId });
  }
  async markApprovalFailed(id: string, error: string, now = this.#now()): Promise<boolean> {
    return approvals.moveApproval(this.#conn, id, ['approved', 'executing'], 'failed', now, { error });
  }
  async setApprovalMessage(id: string, channel: string, ts: string): Promise<boolean> {
    return approvals.setApprovalMessage(this.#conn, id, channel, ts);
  }

  async createOperation(
    input: NewOperation,
    options: { messages?: NewOutboxMessage[] } = {},
  ): Promise<TrackedOperation> {
    return operations.createOperation(this.#conn, input, options.messages ?? [], this.#now());
  }
  async getOperation(id: string): Promise<TrackedOperation | null> {
    return operations.getOperation(this.#conn, id);
  }
  async findOperationByJobId(provider: ProviderName, jobId: string): Promise<TrackedOperation | null> {
    return operations.findOperationByJobId(this.#conn, provider, jobId);
  }
  async listActiveOperations(): Promise<TrackedOperation[]> {
    return operations.listActiveOperations(this.#conn);
  }
  async claimDueOperations(args: ClaimArgs): Promise<TrackedOperation[]> {
    return operations.claimDueOperations(this.#conn, args);
  }
  async updateOperation(id: string, owner: string, patch: OperationPatch): Promise<boolean> {
    return operations.updateOperation(this.#conn, id, owner, patch, this.#now());
  }
  async extendLease(id: string, owner: string, args: { now: number; leaseMs: number }): Promise<boolean> {
    return operations.extendLease(this.#conn, id, owner, args.now + args.leaseMs);
  }
  async recordPoll(
    id: string,
    owner: string,
    patch: OperationPatch,
    messages: NewOutboxMessage[] = [],
  ): Promise<boolean> {
    return operations.recordPoll(this.#conn, id, owner, patch, messages, this.#now());
  }
  async completeOperation(
    id: string,
    owner: string,
    args: CompleteOperationArgs,
    messages: NewOutboxMessage[] = [],
  ): Promise<boolean> {
    return operations.completeOperation(this.#conn, id, owner, args, messages, this.#now());
  }
  async releaseLease(owner: string): Promise<number> {
    return operations.releaseLease(this.#conn, owner);
  }
  async recordDuration(provider: ProviderName, action: string, ms: number): Promise<void> {
    operations.recordDuration(this.#conn, provider, action, ms, this.#now());
  }
  async typicalDuration(provider: ProviderName, action: string): Promise<number | null> {
    return operations.typicalDuration(this.#conn, provider, action);
  }

  async enqueueMessage(message: NewOutboxMessage): Promise<EnqueueResult> {
    return outbox.enqueueMessage(this.#conn, message, this.#now());
  }
  async getMessage(id: string): Promise<OutboxMessage | null> {
    return outbox.getMessage(this.#conn, id);
  }
  async claimDueMessages(args: ClaimArgs): Promise<OutboxMessage[]> {
    return outbox.claimDueMessages(this.#conn, args);
  }
  async markMessageSent(
    id: string,
    owner: string,
    args: { ts: string | null; now: number },
  ): Promise<boolean> {
    return outbox.markMessageSent(this.#conn, id, owner, args.ts, args.now);
  }
  async markMessageRetry(
    id: string,
    owner: string,
    args: { nextAttemptAt: number; error: string },
  ): Promise<boolean> {
    return outbox.markMessageRetry(this.#conn, id, owner, args.nextAttemptAt, args.error);
  }
  async markMessageFailed(id: string, owner: string, args: { error: string }): Promise<boolean> {
    return outbox.markMessageFailed(this.#conn, id, owner, args.error);
  }
  async outboxDepth(): Promise<number> {
    return outbox.outboxDepth(this.#conn);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return audit.appendAudit(this.#conn, entry, this.#now());
  }
  async listAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    return audit.listAudit(this.#conn, query);
  }

  async ping(): Promise<void> {
    this.#conn.prepare('SELECT 1').get();
  }
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = null;
    db?.close();
  }
  migrationsApplied(): number {
    return this.#migrations;
  }
}
