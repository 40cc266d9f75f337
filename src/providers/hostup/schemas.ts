import { z } from 'zod';
import type {
  Backup,
  BackupList,
  HostnameResult,
  PowerState,
  Resources,
  RestoreSource,
  ServiceStatus,
  Snapshot,
  SnapshotList,
  Vps,
  VpsDetails,
  VpsLiveStatus,
} from '../../domain/vps.js';
import { toGate, toGates } from './gates.js';

/*
 * Zod schemas for what HostUp answers. Every object is loose (extra members are allowed and
 * ignored) and most members are optional: the docs are incomplete, and an unexpected extra field
 * must never break the bot. Each schema maps straight to a domain type.
 */

const text = z.string().nullish();
const count = z.number().nullish();

const serviceStatuses: ReadonlySet<string> = new Set([
  'active',
  'suspended',
  'terminated',
  'pending',
  'cancelled',
  'expired',
  'fraud',
]);
const powerStates: ReadonlySet<string> = new Set([
  'running',
  'stopped',
  'starting',
  'stopping',
  'paused',
  'provisioning',
  'error',
]);

function toServiceStatus(raw: string | null | undefined): ServiceStatus {
  const v = raw?.toLowerCase() ?? '';
  return serviceStatuses.has(v) ? (v as ServiceStatus) : 'unknown';
}

export function toPowerState(raw: string | null | undefined): PowerState {
  const v = raw?.toLowerCase() ?? '';
  return powerStates.has(v) ? (v as PowerState) : 'unknown';
}

const resourcesSchema = z
  .looseObject({ cpuCores: count, memoryGb: count, storageGb: count })
  .nullish()
  .transform(
    (r): Resources => ({
      cpuCores: r?.cpuCores ?? undefined,
      memoryGb: r?.memoryGb ?? undefined,
      storageGb: r?.storageGb ?? undefined,
    }),
  );

/** `operatingSystem` is `{displayName, …}`; a plain string is accepted too. */
const osSchema = z
  .union([z.string(), z.looseObject({ displayName: text, name: text })])
  .nullish()
  .transform((os) => (typeof os === 'string' ? os : (os?.displayName ?? os?.name ?? null)));

const vpsFields = {
  id: z.string().min(1),
  name: text,
  hostname: text,
  primaryIp: text,
  serviceStatus: text,
  powerState: text,
  operatingSystem: osSchema,
  resources: resourcesSchema,
  actions: z.unknown().optional(),
};

export const vpsSchema = z.looseObject(vpsFields).transform(
  (v): Vps => ({
    id: v.id,
    name: v.name ?? v.hostname ?? v.id,
    primaryIp: v.primaryIp ?? null,
    hostname: v.hostname ?? undefined,
    serviceStatus: toServiceStatus(v.serviceStatus),
    powerState: toPowerState(v.powerState),
    operatingSystem: v.operatingSystem,
    resources: v.resources,
    ...(v.actions === undefined ? {} : { actions: toGates(v.actions) }),
  }),
);

export const vpsPageSchema = z.looseObject({
  data: z.array(vpsSchema),
  nextCursor: text,
  hasMore: z.boolean().nullish(),
});

/** IPs come as strings or as `{address|ip}` objects, in `ipAddresses` or `ips`. */
const ipListSchema = z
  .array(z.union([z.string(), z.looseObject({ address: text, ip: text })]))
  .nullish()
  .transform((list) =>
    (list ?? [])
      .map((ip) => (typeof ip === 'string' ? ip : (ip.address ?? ip.ip ?? null)))
      .filter((ip): ip is string => ip !== null && ip !== ''),
  );

/** Details may leave out the id and name: the caller supplies the id it asked for. */
export function vpsDetailsSchema(requestedId: string) {
  return z
    .looseObject({
      ...vpsFields,
      id: z.string().nullish(),
      productName: text,
      ipAddresses: ipListSchema,
      ips: ipListSchema,
    })
    .transform((d): VpsDetails => {
      const ips = d.ipAddresses.length > 0 ? d.ipAddresses : d.ips;
      return {
        id: d.id ?? requestedId,
        name: d.name ?? d.hostname ?? d.id ?? requestedId,
        primaryIp: d.primaryIp ?? ips[0] ?? null,
        hostname: d.hostname ?? undefined,
        serviceStatus: toServiceStatus(d.serviceStatus),
        powerState: toPowerState(d.powerState),
        operatingSystem: d.operatingSystem,
        resources: d.resources,
        productName: d.productName ?? null,
        ips,
        actions: toGates(d.actions),
      };
    });
}

export const liveStatusSchema = z
  .looseObject({
    powerState: text,
    uptimeSeconds: count,
    cpuUsagePercent: count,
    // A number of tasks, or the tasks themselves.
    pendingTasks: z.union([z.number(), z.array(z.unknown())]).nullish(),
  })
  .transform(
    (s): VpsLiveStatus => ({
      powerState: toPowerState(s.powerState),
      uptimeSeconds: s.uptimeSeconds ?? null,
      cpuUsagePercent: s.cpuUsagePercent ?? null,
      pendingTasks: Array.isArray(s.pendingTasks) ? s.pendingTasks.length : (s.pendingTasks ?? null),
    }),
  );

const actionsSchema = z.looseObject({}).nullish();

const snapshotSchema = z
  .looseObject({
    name: z.string().min(1),
    displayId: z.union([z.string(), z.number()]).nullish(),
    description: text,
    createdAt: text,
    expiresAt: text,
    includesMemoryState: z.boolean().nullish(),
    canRestore: z.unknown().optional(),
    actions: actionsSchema,
  })
  .transform((s): Snapshot => {
    // Unsure in the docs: the restore gate may be per item, directly or under `actions`.
    const canRestore = toGate(s.actions?.canRestore) ?? toGate(s.canRestore);
    return {
      name: s.name,
      displayId: s.displayId == null ? null : String(s.displayId),
      description: s.description ?? null,
      createdAt: s.createdAt ?? null,
      expiresAt: s.expiresAt ?? null,
      includesMemoryState: s.includesMemoryState ?? false,
      ...(canRestore ? { canRestore } : {}),
    };
  });

export const snapshotListSchema = z
  .looseObject({
    data: z.array(snapshotSchema).nullish(),
    snapshots: z.array(snapshotSchema).nullish(),
    limits: z.looseObject({ totalSnapshots: count }).nullish(),
    actions: actionsSchema,
  })
  .transform((l): SnapshotList => {
    const canCreate = toGate(l.actions?.canCreate);
    const canRestore = toGate(l.actions?.canRestore);
    return {
      snapshots: l.data ?? l.snapshots ?? [],
      totalLimit: l.limits?.totalSnapshots ?? null,
      ...(canCreate ? { canCreate } : {}),
      ...(canRestore ? { canRestore } : {}),
    };
  });

const backupSchema = z
  .looseObject({
    id: z.string().min(1),
    displayId: z.union([z.string(), z.number()]).nullish(),
    createdAt: text,
    sizeGb: count,
    backupType: text,
    note: text,
  })
  .transform(
    (b): Backup => ({
      id: b.id,
      displayId: b.displayId == null ? null : String(b.displayId),
      createdAt: b.createdAt ?? null,
      sizeGb: b.sizeGb ?? null,
      backupType: b.backupType ?? null,
      note: b.note ?? null,
    }),
  );

export const backupListSchema = z
  .looseObject({
    backups: z.array(backupSchema).nullish(),
    data: z.array(backupSchema).nullish(),
    actions: actionsSchema,
  })
  .transform((l): BackupList => {
    const canRestore = toGate(l.actions?.canRestore);
    return { backups: l.backups ?? l.data ?? [], ...(canRestore ? { canRestore } : {}) };
  });

const restoreSourceSchema = z
  .looseObject({
    id: z.string().min(1),
    name: text,
    serviceStatus: text,
    sourceType: text,
    backups: z.array(backupSchema).nullish(),
  })
  .transform(
    (s): RestoreSource => ({
      id: s.id,
      name: s.name ?? s.id,
      serviceStatus: toServiceStatus(s.serviceStatus),
      sourceType: s.sourceType ?? 'server',
      backups: s.backups ?? [],
    }),
  );

export const restoreSourcesSchema = z
  .looseObject({
    sources: z.array(restoreSourceSchema).nullish(),
    data: z.array(restoreSourceSchema).nullish(),
  })
  .transform((l): RestoreSource[] => l.sources ?? l.data ?? []);

const reverseDnsSchema = z
  .looseObject({
    status: z.string(),
    restoredIps: z.array(z.string()).nullish(),
    failedIps: z.array(z.union([z.string(), z.looseObject({ ip: text, address: text })])).nullish(),
    detail: text,
  })
  .nullish();

export const hostnameSchema = z
  .looseObject({
    hostname: z.string(),
    reloadRecommended: z.boolean().nullish(),
    actions: actionsSchema,
    reverseDnsProtection: reverseDnsSchema,
    updatedAt: text,
  })
  .transform((h): HostnameResult => {
    const canChange = toGate(h.actions?.canChange);
    const r = h.reverseDnsProtection;
    return {
      hostname: h.hostname,
      reloadRecommended: h.reloadRecommended ?? false,
      ...(canChange ? { canChange } : {}),
      reverseDns: r
        ? {
            status: r.status,
            restoredIps: r.restoredIps ?? [],
            failedIps: (r.failedIps ?? [])
              .map((ip) => (typeof ip === 'string' ? ip : (ip.ip ?? ip.address ?? '')))
              .filter((ip) => ip !== ''),
            detail: r.detail ?? null,
          }
        : null,
      updatedAt: h.updatedAt ?? null,
    };
  });
