import type { ActionRequest } from '../../../domain/action-request.js';
import { approvalsText, describeRequest } from '../../blocks/action-words.js';
import { context, esc, plainMessage, section } from '../../blocks/elements.js';
import { formatDuration } from '../../blocks/notifications.js';
import { slashCommand } from '../../ids.js';
import type { SlackRequest } from '../request.js';

/** `/vps jobs`: the operations being followed now. */
export async function jobs(req: SlackRequest): Promise<void> {
  const active = await req.ctx.store.listActiveOperations();
  if (active.length === 0) {
    await req.reply.send(plainMessage('No operation is being followed right now.'));
    return;
  }
  const now = req.ctx.clock.now();
  const rows = active
    .slice(0, 30)
    .map(
      (op) =>
        `*${esc(op.targetName)}* ${esc(op.action)} · \`${esc(op.jobId ?? '—')}\` · ${esc(op.status ?? 'unknown')}` +
        `${op.progress != null ? ` ${Math.round(op.progress)}%` : ''} · for ${formatDuration(now - op.startedAt)} · <@${op.requester}>`,
    );
  const more = active.length > 30 ? [context(`…and ${active.length - 30} more.`)] : [];
  await req.reply.send({
    text: `${active.length} operations being followed`,
    blocks: [section(`*Being followed* (${active.length})\n${rows.join('\n')}`), ...more],
  });
}

/** `/vps job <jobId>`: one operation, followed or finished. */
export async function job(req: SlackRequest, jobId: string): Promise<void> {
  const op =
    (await req.ctx.store.findOperationByJobId('hostup', jobId)) ??
    (await req.ctx.store.findOperationByJobId('huawei', jobId));
  if (!op) {
    await req.reply.send(
      plainMessage(
        `No operation with job id \`${esc(jobId)}\` was started by this bot. See \`${slashCommand} jobs\`.`,
      ),
    );
    return;
  }
  const lines = [
    `*${esc(op.targetName)}* ${esc(op.action)} · job \`${esc(op.jobId ?? '—')}\``,
    `Status: ${esc(op.status ?? 'unknown')}${op.progress != null ? ` (${Math.round(op.progress)}%)` : ''}` +
      `${op.progressMessage ? ` — ${esc(op.progressMessage)}` : ''}`,
    `Asked by <@${op.requester}> · followed: ${op.state}`,
  ];
  if (op.lastError) lines.push(`Last error: ${esc(op.lastError)}`);
  await req.reply.send({ text: `Job ${op.jobId}`, blocks: [section(lines.join('\n'))] });
}

/** `/vps audit [vps]`: the newest entries of the audit trail. */
export async function audit(req: SlackRequest, target: string | null): Promise<void> {
  const all = await req.ctx.store.listAudit({ limit: 200 });
  const wanted = target?.toLowerCase();
  const entries = (
    wanted
      ? all.filter(
          (e) =>
            e.target.toLowerCase() === wanted ||
            String((e.detail as { vpsName?: string } | null)?.vpsName ?? '').toLowerCase() === wanted,
        )
      : all
  ).slice(0, 25);
  if (entries.length === 0) {
    await req.reply.send(
      plainMessage(target ? `No audit entries for ${esc(target)}.` : 'The audit trail is empty.'),
    );
    return;
  }
  const rows = entries.map((e) => {
    const detail = (e.detail ?? {}) as {
      vpsName?: string;
      summary?: string;
      request?: ActionRequest;
      votes?: string | number;
      required?: number;
      jobId?: string;
    };
    const name = detail.vpsName ?? e.target;
    // Entries carry what was asked (release 0.1 stored its words as `summary`), votes and the job.
    const asked = detail.request ? describeRequest(detail.request).title : detail.summary;
    const votes =
      typeof detail.votes === 'number' && detail.required
        ? approvalsText(detail.votes, detail.required)
        : detail.votes;
    const extra = [asked, votes, detail.jobId ? `job ${detail.jobId}` : undefined]
      .filter((x): x is string => typeof x === 'string' && x !== '')
      .map((x) => esc(x));
    const actor = /^[UW][A-Z0-9]+$/.test(e.actor) ? `<@${e.actor}>` : `_${esc(e.actor)}_`;
    return `${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)} · ${actor} · ${esc(e.action)} · *${esc(name)}* · ${esc(e.outcome)}${extra.length > 0 ? ` — ${extra.join(' · ')}` : ''}`;
  });
  await req.reply.send({ text: 'Audit trail', blocks: [section(`*Audit trail*\n${rows.join('\n')}`)] });
}
