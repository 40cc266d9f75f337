import type { NotRebooted } from '../../domain/app-server-notifications.js';
import { countStates, initialRebootMeta, readRebootMeta } from '../../tracker/app-server-meta.js';
import { appServerSubject } from './operation-setup.js';
import { follow, type Recording } from './recording.js';

/**
 * Huawei took some servers: those are followed until they are back. A later chunk of a canary
 * reboot joins the servers followed so far, and a reboot in steps names all its servers from the
 * start ("0/5 back · 1 rebooting").
 */
export async function recordRebooting(
  r: Recording,
  accepted: readonly string[],
  notRebooted: readonly NotRebooted[],
): Promise<boolean> {
  const { tx, op, args, now } = r;
  if (args.request.kind !== 'appserver-reboot') return false;
  const servers = args.request.servers.filter((s) => accepted.includes(s.id));
  await tx.recordCallEnd(args.call.id, { state: 'answered', result: { accepted, notRebooted }, now });
  const subject = appServerSubject({
    operationId: op.id,
    request: args.request,
    requester: args.requester,
    serverNames: (r.steps ? args.request.servers : servers).map((s) => s.name),
    approval: r.approval,
  });
  const before = readRebootMeta(op);
  const fresh = initialRebootMeta({ subject, servers, notRebooted });
  const reboot = {
    ...fresh,
    servers: [...(before?.servers ?? []), ...fresh.servers],
    notRebooted: [...(before?.notRebooted ?? []), ...fresh.notRebooted],
  };
  const ok = await tx.recordPoll(
    op.id,
    r.deps.owner,
    {
      phase: 'following',
      status: 'rebooting',
      nextPollAt: now + r.deps.firstPollMs.huawei,
      meta: { ...r.meta, ...reboot },
    },
    [
      follow(
        op,
        {
          type: 'appserver-reboot.root',
          subject,
          counts: countStates(reboot.servers),
          notRebooted: reboot.notRebooted,
          finished: false,
        },
        r.key('root:accepted'),
        'update',
      ),
    ],
  );
  if (ok) {
    await r.audit('executed', {
      accepted: servers.map((s) => s.name),
      notRebooted: notRebooted.map((n) => `${n.name} (${n.why})`),
    });
  }
  return ok;
}
