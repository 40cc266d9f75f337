import { auditName, renderAudit } from '../../blocks/audit.js';
import { renderJob, renderJobs, renderJobUnknown } from '../../blocks/jobs.js';
import type { SlackRequest } from '../request.js';

/** How many ended operations `/vps jobs` shows under the running ones. */
const recentJobs = 10;
/** How far back `/vps audit <vps>` looks for entries about one server. */
const auditScan = 1000;

/** `/vps jobs`: the operations being followed now, and the ones that ended lately. */
export async function jobs(req: SlackRequest): Promise<void> {
  const { store, clock, zones } = req.ctx;
  const [active, recent, zone] = await Promise.all([
    store.listActiveOperations(),
    store.listRecentOperations(recentJobs),
    zones.of(req.user),
  ]);
  await req.reply.send(renderJobs({ active, recent, now: clock.now(), zone }));
}

/** `/vps job <jobId>`: one operation, followed or finished. */
export async function job(req: SlackRequest, jobId: string): Promise<void> {
  const { store, clock, zones } = req.ctx;
  const op =
    (await store.findOperationByJobId('hostup', jobId)) ??
    (await store.findOperationByJobId('huawei', jobId));
  if (!op) return req.reply.send(renderJobUnknown(jobId));
  await req.reply.send(renderJob(op, clock.now(), await zones.of(req.user)));
}

/** `/vps audit [vps]`: the newest entries of the audit trail, all of them or about one server. */
export async function audit(req: SlackRequest, target: string | null): Promise<void> {
  const { store, clock, zones } = req.ctx;
  const all = await store.listAudit({ limit: auditScan });
  const wanted = target?.toLowerCase();
  const entries = wanted
    ? all.filter((e) => e.target.toLowerCase() === wanted || auditName(e).toLowerCase() === wanted)
    : all;
  await req.reply.send(
    renderAudit({
      entries,
      total: entries.length,
      atLeast: all.length === auditScan,
      target,
      zone: await zones.of(req.user),
      now: clock.now(),
    }),
  );
}
