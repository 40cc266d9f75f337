import { buildAuditExport } from '../../../domain/audit-chain.js';
import { auditExportMax } from '../../../store/queries/audit.js';
import { auditExportComment, auditName, renderAudit, renderAuditExportSent } from '../../blocks/audit.js';
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

/**
 * `/vps audit export [days]`: the trail of the last days as a JSON-lines file whose lines chain
 * by hash (domain/audit-chain.ts), uploaded to the person's direct messages with the bot
 * (files.uploadV2), so it can be handed on and checked. The export itself is audited afterwards.
 */
export async function auditExport(req: SlackRequest, days: number): Promise<void> {
  const { store, clock, client } = req.ctx;
  const now = clock.now();
  const entries = await store.listAuditSince(now - days * 86_400_000, auditExportMax);
  const complete = entries.length < auditExportMax;
  const file = buildAuditExport(
    { exportedAt: now, exportedBy: req.user, since: now - days * 86_400_000, complete },
    entries,
  );
  const dm = await client.conversations.open({ users: req.user });
  const dmChannel = dm.channel?.id;
  if (!dmChannel) throw new Error('conversations.open gave no channel');
  const date = new Date(now).toISOString().slice(0, 10);
  await client.files.uploadV2({
    channel_id: dmChannel,
    filename: `vps-audit-${date}-${days}d.jsonl`,
    title: `Audit trail, last ${days} days (${date})`,
    content: file.text,
    initial_comment: auditExportComment(days),
  });
  await store.appendAudit({
    actor: req.user,
    action: 'audit export',
    target: 'audit',
    outcome: 'exported',
    detail: { days, entries: file.count, complete, lastHash: file.lastHash },
    correlationId: req.correlationId,
  });
  await req.reply.send(
    renderAuditExportSent({ count: file.count, days, complete, lastHash: file.lastHash, dmChannel }),
  );
}
