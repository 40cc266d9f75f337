import { z } from 'zod';
import { powerActions } from '../domain/actions.js';

/**
 * Button values: what a button carries back to the bot. They come back inside a signed Slack
 * request, but are still parsed with zod on the way in; every id in them was read from the API,
 * never built from what a person typed. Keys are short because a value holds at most 2000 chars.
 */

const vpsId = z.string().min(1).max(200);

export const powerRequestValue = z.object({
  vpsId,
  action: z.enum(powerActions as [string, ...string[]]).transform((a) => a as (typeof powerActions)[number]),
  force: z.boolean().optional(),
});
export type PowerRequestValue = z.infer<typeof powerRequestValue>;

/** A snapshot row's Restore button: the VPS and the snapshot's name, both read from HostUp's lists. */
export const restoreSnapshotValue = z.object({ vpsId, snapshot: z.string().min(1).max(150) });

export const listMoreValue = z.object({ filter: z.string().max(1000), offset: z.number().int().min(0) });
export type ListMoreValue = z.infer<typeof listMoreValue>;

/** A confirmation id (uuid) as the whole value. */
export const confirmationIdValue = z.string().uuid();

/** A reference to one of the bot's operations (the "Force restart" after a failed restart). */
export const operationIdValue = z.string().uuid();

export const vpsIdValue = vpsId;

export function encodeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text.length > 2000) throw new Error('button value over Slack’s 2000-character limit');
  return text;
}

/** Parses a JSON button value with `schema`; null when it is not what we sent. */
export function decodeValue<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  if (raw === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
