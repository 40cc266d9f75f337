import { z } from 'zod';
import type { AppServer } from '../../domain/app-server.js';

/*
 * Zod schemas for what Workspace answers. Objects are loose (extra members are ignored: an app
 * server carries dozens) and everything but the id may be missing or null, so an unexpected
 * answer degrades to "unknown" instead of breaking the bot.
 */

/** A string, with "" read as null. Numbers are accepted and turned into strings. */
const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));

/** `maintain_status` is a boolean; "true"/"false" strings are accepted too. */
const flag = z
  .union([z.boolean(), z.string()])
  .nullish()
  .transform((v) => {
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    return null;
  });

const count = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
  });

export const appServerSchema = z
  .looseObject({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    name: text,
    machine_name: text,
    server_group_id: text,
    server_group_name: text,
    status: text,
    vm_status: text,
    task_status: text,
    maintain_status: flag,
    session_count: count,
    job_status: text,
    update_time: text,
  })
  .transform(
    (s): AppServer => ({
      id: s.id,
      name: s.name ?? s.machine_name ?? s.id,
      machineName: s.machine_name,
      serverGroupId: s.server_group_id,
      serverGroupName: s.server_group_name,
      status: s.status?.toUpperCase() ?? null,
      vmStatus: s.vm_status?.toUpperCase() ?? null,
      taskStatus: s.task_status,
      maintainStatus: s.maintain_status,
      sessionCount: s.session_count,
      jobStatus: s.job_status,
      updateTime: s.update_time,
    }),
  );

/** `{count, items}`; `count` is the total over all pages. */
export const appServerPageSchema = z.looseObject({
  count: z.number().nullish(),
  items: z
    .array(appServerSchema)
    .nullish()
    .transform((items) => items ?? []),
});
