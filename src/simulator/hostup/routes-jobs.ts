import { fail, param, type Route } from './context.js';
import { jobPollBody } from './job-envelopes.js';
import { jsonResponse } from './problem.js';

export const jobRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/jobs\/([^/]+)$/,
    handle: (ctx) => {
      const id = param(ctx, 0);
      const job = ctx.state.jobs.get(id);
      if (!job) return fail(ctx, 404, 'job_not_found', `No job with id ${id}`);
      return jsonResponse(200, jobPollBody(job, ctx.state.envelope, ctx.requestId));
    },
  },
];
