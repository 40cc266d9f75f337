import { z } from 'zod';

/**
 * The kinds of environment variable config.ts reads, each a zod field whose message names the
 * variable and its rule, never its value. A blank value counts as unset.
 */

export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
export const httpUrl = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), `${name} must be an http(s) URL`)
      .optional(),
  );
export const integer = (name: string, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
        message: `${name} must be a whole number from ${min} to ${max}`,
      })
      .transform(Number)
      .optional(),
  );
export const choice = <T extends string>(name: string, values: readonly [T, ...T[]]) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : v),
    z.enum(values, { error: `${name} must be one of ${values.join(', ')}` }).optional(),
  );
export const subjectList = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((v) =>
        v
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((ids) => ids.every((id) => /^[UWS][A-Z0-9]{2,}$/.test(id)), {
        message: `${name} must list Slack user ids (U…/W…) or user-group ids (S…), separated by commas`,
      })
      .optional(),
  );
export const channelList = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((v) =>
      v
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => /^[CGD][A-Z0-9]{2,}$/.test(id)), {
      message: 'VPS_ALLOWED_CHANNELS must list Slack channel ids (C…/G…), separated by commas',
    })
    .optional(),
);
