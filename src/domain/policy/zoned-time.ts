import type { Weekday } from './compiled-policy.js';

/**
 * Wall-clock time in an IANA zone, through Intl (no zone database of our own). Weekly freezes are
 * written in local time, so "Friday 16:00 in Stockholm" stays 16:00 on both sides of a DST change.
 */

export interface LocalDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
}

export interface WallClock extends LocalDate {
  readonly weekday: Weekday;
  /** Minutes after local midnight. */
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Readonly<Record<string, Weekday>> = {
  Mon: 0,
  Tue: 1,
  Wed: 2,
  Thu: 3,
  Fri: 4,
  Sat: 5,
  Sun: 6,
};

/**
 * The zone's canonical name when Intl knows it (`europe/stockholm` → `Europe/Stockholm`), null
 * when it does not (`Europe/Stokholm`).
 */
export function canonicalTimeZone(name: string): string | null {
  if (name.trim() === '') return null;
  try {
    return formatter(name).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Zones to suggest from; Intl leaves UTC out of its list. */
export function knownTimeZones(): readonly string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

export function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts = fields(epochMs, timeZone);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    weekday: parts.weekday,
    minute: parts.hour * 60 + parts.minute,
  };
}

/**
 * The instant a local date and time happen in a zone. A time skipped by a DST change (02:30 on
 * the spring night in Stockholm) is read as the same length of time after the change (03:30);
 * a time that happens twice (the autumn night) as its first occurrence.
 */
export function zonedInstant(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  const local = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const before = offsetAt(local - 86_400_000, timeZone);
  const after = offsetAt(local + 86_400_000, timeZone);
  const valid = [before, after].map((o) => local - o).filter((t) => local - offsetAt(t, timeZone) === t);
  if (valid.length > 0) return Math.min(...valid);
  return local - before;
}

/** The calendar date `days` after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: LocalDate): Weekday {
  return ((new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7) as Weekday;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(epochMs: number, timeZone: string): number {
  const p = fields(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

function fields(epochMs: number, timeZone: string) {
  const out: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) out[part.type] = part.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour) % 24,
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: weekdays[out.weekday ?? ''] ?? 0,
  };
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}
