import { describe, expect, it } from 'vitest';
import { normaliseJob, toQueuedOperation } from '../../../src/providers/hostup/job.js';

describe('normaliseJob', () => {
  it('reads the legacy job page with status, progress and message under data', () => {
    const job = normaliseJob(
      {
        success: true,
        requestId: 'req_legacy',
        data: {
          jobId: 'job_1',
          state: 'active',
          status: 'in_progress',
          progress: 50,
          progressMessage: 'Rebooting (50%)',
          isCompleted: false,
          isFailed: false,
        },
      },
      'req_header',
    );
    expect(job).toMatchObject({
      jobId: 'job_1',
      status: 'in_progress',
      rawStatus: 'in_progress',
      terminal: false,
      failed: false,
      progress: 50,
      message: 'Rebooting (50%)',
      requestId: 'req_legacy',
    });
  });

  it('reads the v2 envelope under operation and keeps the result of a completed job', () => {
    const job = normaliseJob(
      { operation: { jobId: 'job_2', status: 'completed', result: { snapshotName: 'before-upgrade' } } },
      'req_h',
    );
    expect(job).toMatchObject({ status: 'completed', terminal: true, failed: false, requestId: 'req_h' });
    expect(job.result).toEqual({ snapshotName: 'before-upgrade' });
  });

  it('reads a job sent at the top level', () => {
    expect(normaliseJob({ jobId: 'job_3', status: 'queued' }, null)).toMatchObject({
      jobId: 'job_3',
      status: 'queued',
      terminal: false,
    });
  });

  it('treats isFailed as terminal failure even when status lags behind', () => {
    const job = normaliseJob(
      {
        data: { jobId: 'j', status: 'in_progress', isFailed: true, error: { code: 'boom', message: 'disk' } },
      },
      null,
    );
    expect(job).toMatchObject({
      status: 'failed',
      terminal: true,
      failed: true,
      error: { code: 'boom', detail: 'disk' },
    });
  });

  it('treats isCompleted as terminal success when the status is a queue state', () => {
    expect(normaliseJob({ data: { state: 'waiting', isCompleted: true } }, null)).toMatchObject({
      status: 'completed',
      terminal: true,
    });
  });

  it('takes progress and message from progressDetails when the flat fields are absent', () => {
    const job = normaliseJob(
      { data: { status: 'running', progressDetails: { percentage: 140, message: 'Copying' } } },
      null,
    );
    expect(job).toMatchObject({ status: 'in_progress', progress: 100, message: 'Copying' });
  });

  it('gives a failed job an error even when the API names no reason', () => {
    expect(normaliseJob({ operation: { status: 'failed' } }, null).error).toEqual({
      code: null,
      detail: null,
    });
  });

  it('keeps an unknown status as unknown and non-terminal, with the raw text', () => {
    expect(normaliseJob({ operation: { status: 'teleporting' } }, null)).toMatchObject({
      status: 'unknown',
      rawStatus: 'teleporting',
      terminal: false,
    });
  });

  it('does not crash on a body that is not an object', () => {
    expect(normaliseJob('nonsense', null)).toMatchObject({ status: 'unknown', jobId: null, terminal: false });
  });
});

describe('normaliseJob timestamps', () => {
  const created = '2026-04-27T12:00:00.000Z';
  const createdMs = Date.parse(created);

  it('reads createdAt, startedAt and finishedAt as ISO strings from the legacy data', () => {
    const job = normaliseJob(
      {
        data: {
          status: 'completed',
          createdAt: created,
          startedAt: '2026-04-27T12:00:01.500Z',
          finishedAt: '2026-04-27T12:00:43.000Z',
        },
      },
      null,
    );
    expect(job).toMatchObject({
      createdAt: createdMs,
      startedAt: createdMs + 1_500,
      finishedAt: createdMs + 43_000,
    });
  });

  it('reads epoch ms, as numbers or digit strings, under operation', () => {
    const job = normaliseJob(
      { operation: { status: 'in_progress', createdAt: createdMs, startedAt: String(createdMs + 10) } },
      null,
    );
    expect(job.createdAt).toBe(createdMs);
    expect(job.startedAt).toBe(createdMs + 10);
    expect(job.finishedAt).toBeUndefined();
  });

  it('reads a number too small for epoch ms as epoch seconds', () => {
    expect(normaliseJob({ status: 'queued', createdAt: createdMs / 1000 }, null).createdAt).toBe(createdMs);
  });

  it('reads timestamps at the top level when the job fields carry none', () => {
    const job = normaliseJob(
      { data: { status: 'completed' }, createdAt: created, finishedAt: createdMs + 5 },
      null,
    );
    expect(job).toMatchObject({ createdAt: createdMs, finishedAt: createdMs + 5 });
  });

  it('takes completedAt or failedAt when finishedAt is absent', () => {
    expect(normaliseJob({ data: { status: 'completed', completedAt: created } }, null).finishedAt).toBe(
      createdMs,
    );
    expect(normaliseJob({ data: { status: 'failed', failedAt: created } }, null).finishedAt).toBe(createdMs);
  });

  it('leaves out timestamps that are absent, null or unreadable', () => {
    const job = normaliseJob(
      { data: { status: 'queued', createdAt: 'yesterday-ish', startedAt: null, finishedAt: -5 } },
      null,
    );
    expect('createdAt' in job || 'startedAt' in job || 'finishedAt' in job).toBe(false);
  });
});

describe('toQueuedOperation', () => {
  it('reads the 202 operation envelope', () => {
    expect(
      toQueuedOperation({
        operation: { status: 'queued', jobId: 'job_9', pollUrl: '/api/jobs/job_9', result: null },
      }),
    ).toEqual({ jobId: 'job_9', pollUrl: '/api/jobs/job_9', status: 'queued', result: null });
  });

  it('falls back to the documented job page when the pollUrl is missing', () => {
    expect(toQueuedOperation({ data: { jobId: 'job_a' } })?.pollUrl).toBe('/api/jobs/job_a');
  });

  it('returns null when no job id can be found', () => {
    expect(toQueuedOperation({ operation: { status: 'queued' } })).toBeNull();
  });
});
