import type { SimEnvelope, SimJob } from './types.js';

const legacyState: Record<SimJob['status'], string> = {
  pending: 'waiting',
  queued: 'waiting',
  in_progress: 'active',
  completed: 'completed',
  failed: 'failed',
};

/** The 202 body every acting route answers with. */
export function queuedOperationBody(job: SimJob, result: unknown = null): unknown {
  return { operation: { status: job.status, jobId: job.id, pollUrl: job.pollUrl, result } };
}

/**
 * `GET {pollUrl}`: HostUp documents only the older `{success, data:{…}}` job page; whether a v2
 * pollUrl answers with it or with a v2 operation is unsure, so the simulator can do either.
 */
export function jobPollBody(job: SimJob, envelope: SimEnvelope, requestId: string): unknown {
  if (envelope === 'v2') {
    return {
      operation: {
        status: job.status,
        jobId: job.id,
        pollUrl: job.pollUrl,
        progress: job.progress,
        progressMessage: job.progressMessage,
        result: job.result,
        error: job.error,
        createdAt: job.createdAt,
        startedAt: job.startedAt,
        finishedAt: job.finishedAt,
      },
    };
  }
  const data: Record<string, unknown> = {
    jobId: job.id,
    type: job.action,
    state: legacyState[job.status],
    status: job.status,
    progress: job.progress,
    progressMessage: job.progressMessage,
    progressDetails: { percentage: job.progress, message: job.progressMessage },
    result: job.result,
    isCompleted: job.status === 'completed',
    isFailed: job.status === 'failed',
    isRunning: job.status === 'in_progress',
    isWaiting: job.status === 'queued' || job.status === 'pending',
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    vmId: job.vpsId,
  };
  if (job.error) data.error = job.error;
  return { success: true, timestamp: new Date().toISOString(), requestId, data };
}
