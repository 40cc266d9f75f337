import type { VpsActionRequest } from '../../domain/action-request.js';
import { actionNameOf } from '../../domain/action-request.js';
import { powerGates } from '../../domain/actions.js';
import { validateHostname } from '../../domain/hostname.js';
import type { Observation } from '../../domain/observation.js';
import type { QueuedOperation } from '../../domain/operation.js';
import type { Refusal } from '../../domain/refusals.js';
import { restoreFromGateRefusal, snapshotGateRefusal } from '../../domain/restore-choices.js';
import type { GateName, VpsDetails } from '../../domain/vps.js';
import type { ActionExecutor, CallAnswer } from './executor.js';

/** A gate that says no, as a refusal; an absent gate lets HostUp decide. */
function closedGate(vps: VpsDetails, gate: GateName, request: VpsActionRequest): Refusal | null {
  const found = vps.actions[gate];
  if (!found || found.allowed) return null;
  return { code: 'gate_closed', action: actionNameOf(request), server: vps.name, reason: found.reason };
}

const base = (id: string) => `/api/v2/vps/${encodeURIComponent(id)}`;

/** Power actions, hostname changes, snapshots and both restores on HostUp. */
export const hostUpExecutor: ActionExecutor<VpsActionRequest> = {
  async recheck({ hostup }, request) {
    switch (request.kind) {
      case 'power':
        return closedGate(await hostup.getVpsDetails(request.vpsId), powerGates[request.action], request);
      case 'hostname': {
        const valid = validateHostname(request.hostname);
        if (!valid.ok) return { code: 'hostname_invalid', detail: valid.reason };
        return closedGate(await hostup.getVpsDetails(request.vpsId), 'canChange', request);
      }
      case 'restore': {
        const list = await hostup.listSnapshots(request.vpsId);
        const found = list.snapshots.find((s) => s.name === request.snapshot.name);
        if (!found)
          return { code: 'snapshot_gone', server: request.vpsName, snapshot: request.snapshot.name };
        return snapshotGateRefusal(request.vpsName, list, found);
      }
      case 'restore-from': {
        const refusal = restoreFromGateRefusal(await hostup.getVpsDetails(request.vpsId));
        if (refusal) return refusal;
        const source = (await hostup.listRestoreSources(request.vpsId)).find(
          (s) => s.id === request.source.vpsId,
        );
        if (!source) return { code: 'source_gone', server: request.vpsName, source: request.source.name };
        if (!source.backups.some((b) => b.id === request.backup.id)) {
          return { code: 'backup_gone', source: request.source.name, backup: request.backup.id };
        }
        return null;
      }
      case 'snapshot': {
        const list = await hostup.listSnapshots(request.vpsId);
        if (list.snapshots.some((s) => s.name === request.name))
          return { code: 'snapshot_name_taken', server: request.vpsName, name: request.name };
        const gate = list.canCreate;
        if (gate && !gate.allowed)
          return { code: 'gate_closed', action: 'snapshot', server: request.vpsName, reason: gate.reason };
        return null;
      }
    }
  },

  async call({ hostup }, request): Promise<CallAnswer> {
    const queued = async (op: Promise<QueuedOperation>): Promise<CallAnswer> => {
      const q = await op;
      return { kind: 'job', jobId: q.jobId, pollUrl: q.pollUrl, status: q.status, result: q.result };
    };
    switch (request.kind) {
      case 'power':
        return queued(
          hostup.powerAction(request.vpsId, request.action, request.force ? { force: true } : undefined),
        );
      case 'hostname':
        return { kind: 'hostname', result: await hostup.setHostname(request.vpsId, request.hostname) };
      case 'restore':
        return queued(hostup.restoreSnapshot(request.vpsId, request.snapshot.name));
      case 'restore-from':
        return queued(
          hostup.restoreFromVps(request.vpsId, {
            sourceVpsId: request.source.vpsId,
            backupId: request.backup.id,
          }),
        );
      case 'snapshot':
        return queued(hostup.createSnapshot(request.vpsId, { name: request.name }));
    }
  },

  describeCall(request) {
    switch (request.kind) {
      case 'power':
        return {
          method: 'POST',
          path: `${base(request.vpsId)}/actions/${request.action}`,
          ...(request.force ? { body: { force: true } } : {}),
        };
      case 'hostname':
        return {
          method: 'PUT',
          path: `${base(request.vpsId)}/hostname`,
          body: { hostname: request.hostname },
        };
      case 'restore':
        return {
          method: 'POST',
          path: `${base(request.vpsId)}/snapshots/${encodeURIComponent(request.snapshot.name)}/actions/restore`,
        };
      case 'restore-from':
        return {
          method: 'POST',
          path: `${base(request.vpsId)}/backups/actions/restore-from-vps`,
          body: { sourceVpsId: request.source.vpsId, backupId: request.backup.id },
        };
      case 'snapshot':
        return { method: 'POST', path: `${base(request.vpsId)}/snapshots`, body: { name: request.name } };
    }
  },

  async observe({ hostup }, request): Promise<Observation> {
    const status = await hostup.getVpsStatus(request.vpsId);
    const hostname =
      request.kind === 'hostname' ? (await hostup.getHostname(request.vpsId)).hostname : undefined;
    return {
      kind: 'vps',
      powerState: status.powerState,
      uptimeSeconds: status.uptimeSeconds,
      pendingTasks: status.pendingTasks,
      ...(hostname !== undefined ? { hostname } : {}),
    };
  },

  busy: (observation) =>
    observation.kind === 'vps' &&
    ((observation.pendingTasks ?? 0) > 0 ||
      ['starting', 'stopping', 'provisioning'].includes(observation.powerState)),
};
