/**
 * A provider operation (HostUp job) as the bot follows it, whatever envelope it arrived in.
 */

export type JobStatus = 'pending' | 'queued' | 'in_progress' | 'completed' | 'failed' | 'unknown';

export const terminalStatuses: ReadonlySet<JobStatus> = new Set(['completed', 'failed']);

/** What an acting call returns: HostUp queued a job. */
export interface QueuedOperation {
  readonly jobId: string;
  /** Relative to the provider's base URL, as HostUp sends it. */
  readonly pollUrl: string;
  readonly status: JobStatus;
  readonly result: unknown;
}

/** One reading of a job's state from its pollUrl. */
export interface JobState {
  readonly jobId: string | null;
  readonly status: JobStatus;
  /** The status string as the API sent it (kept for unknown statuses). */
  readonly rawStatus: string | null;
  readonly terminal: boolean;
  readonly failed: boolean;
  /** 0..100 when reported. */
  readonly progress: number | null;
  readonly message: string | null;
  readonly result: unknown;
  readonly error: { readonly code: string | null; readonly detail: string | null } | null;
  readonly requestId: string | null;
  /**
   * The job's own clock, in epoch ms, when the provider reports it: queued, started running,
   * finished. They give the job's real duration, apart from how late the bot noticed.
   */
  readonly createdAt?: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
}
