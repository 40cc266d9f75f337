import type { JobState, JobStatus, QueuedOperation } from '../../domain/operation.js';

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return null;
}

const known: ReadonlySet<string> = new Set(['pending', 'queued', 'in_progress', 'completed', 'failed']);

/** Other spellings seen on job queues (the legacy page exposes queue states like `active`). */
const synonyms: Readonly<Record<string, JobStatus>> = {
  waiting: 'queued',
  delayed: 'queued',
  running: 'in_progress',
  active: 'in_progress',
  processing: 'in_progress',
  'in-progress': 'in_progress',
  inprogress: 'in_progress',
  complete: 'completed',
  done: 'completed',
  succeeded: 'completed',
  success: 'completed',
  error: 'failed',
  errored: 'failed',
  cancelled: 'failed',
  canceled: 'failed',
};

export function toJobStatus(raw: string | null): JobStatus {
  if (raw === null) return 'unknown';
  const lower = raw.toLowerCase();
  if (known.has(lower)) return lower as JobStatus;
  return synonyms[lower] ?? 'unknown';
}

/**
 * Where the job fields live. The v2 envelope nests them under `operation`, the legacy job page
 * under `data`; some answers may put them at the top level. The docs do not say which a v2
 * pollUrl answers with, so all three are read.
 */
function jobFields(body: unknown): Obj {
  if (!isObj(body)) return {};
  if (isObj(body.operation)) return body.operation;
  if (isObj(body.data)) return body.data;
  return body;
}

/**
 * A job timestamp as epoch ms: an ISO string, or a number (also sent as a string) in epoch ms.
 * A number too small to be ms in this era (before 1973) can only be epoch seconds.
 */
function epochMs(value: unknown): number | undefined {
  const n = num(value);
  if (n !== null) return n <= 0 ? undefined : n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  if (typeof value !== 'string' || value === '') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/** The first readable timestamp among `names`, in the job's fields and then at the top level. */
function timestamp(fields: Obj, body: unknown, names: readonly string[]): number | undefined {
  for (const where of [fields, isObj(body) ? body : {}]) {
    for (const name of names) {
      const at = epochMs(where[name]);
      if (at !== undefined) return at;
    }
  }
  return undefined;
}

function readTimes(fields: Obj, body: unknown): Pick<JobState, 'createdAt' | 'startedAt' | 'finishedAt'> {
  const createdAt = timestamp(fields, body, ['createdAt']);
  const startedAt = timestamp(fields, body, ['startedAt']);
  const finishedAt = timestamp(fields, body, ['finishedAt', 'completedAt', 'failedAt']);
  return {
    ...(createdAt !== undefined && { createdAt }),
    ...(startedAt !== undefined && { startedAt }),
    ...(finishedAt !== undefined && { finishedAt }),
  };
}

function readError(fields: Obj): JobState['error'] {
  const raw = fields.error ?? fields.failedReason ?? fields.failureReason;
  if (isObj(raw)) {
    return { code: str(raw.code), detail: str(raw.detail) ?? str(raw.message) };
  }
  if (typeof raw === 'string' && raw !== '') return { code: null, detail: raw };
  return null;
}

/**
 * One reading of a job, whatever envelope it came in. `isFailed`/`isCompleted` are terminal even
 * when `status` says otherwise (the legacy page sets both a queue `state` and a `status`).
 */
export function normaliseJob(body: unknown, headerRequestId: string | null): JobState {
  const fields = jobFields(body);
  const rawStatus = str(fields.status) ?? str(fields.state);
  let status = toJobStatus(rawStatus);
  if (fields.isFailed === true) status = 'failed';
  else if (fields.isCompleted === true && status !== 'failed') status = 'completed';

  const details = isObj(fields.progressDetails) ? fields.progressDetails : {};
  const progressRaw =
    num(fields.progress) ??
    num(details.percentage) ??
    (isObj(fields.progress) ? num(fields.progress.percentage) : null);
  const progress = progressRaw === null ? null : Math.min(100, Math.max(0, progressRaw));
  const failed = status === 'failed';
  const topRequestId = isObj(body) ? str(body.requestId) : null;

  return {
    jobId: str(fields.jobId) ?? str(fields.id),
    status,
    rawStatus,
    terminal: status === 'completed' || status === 'failed',
    failed,
    progress,
    message: str(fields.progressMessage) ?? str(details.message) ?? str(fields.message),
    result: fields.result ?? null,
    error: failed ? (readError(fields) ?? { code: null, detail: null }) : readError(fields),
    requestId: topRequestId ?? str(fields.requestId) ?? headerRequestId,
    ...readTimes(fields, body),
  };
}

/**
 * The 202 answer of an acting call: `{operation:{status, jobId, pollUrl, result}}`. Returns null
 * when no job id can be found, so the caller can report an unreadable answer.
 */
export function toQueuedOperation(body: unknown): QueuedOperation | null {
  const fields = jobFields(body);
  const jobId = str(fields.jobId) ?? str(fields.id);
  if (jobId === null) return null;
  const status = toJobStatus(str(fields.status) ?? str(fields.state));
  return {
    jobId,
    // The documented job page, when HostUp leaves the pollUrl out.
    pollUrl: str(fields.pollUrl) ?? `/api/jobs/${encodeURIComponent(jobId)}`,
    status: status === 'unknown' ? 'queued' : status,
    result: fields.result ?? null,
  };
}
