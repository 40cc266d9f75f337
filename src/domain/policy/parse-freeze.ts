import type { AbsoluteFreeze, FreezeWindow, Weekday, WeeklyFreeze } from './compiled-policy.js';
import { type ProblemList, suggestion } from './policy-problems.js';
import { asMap, checkKeys, field, scalarText, wordList } from './read-fields.js';
import type { YamlMap, YamlValue } from './yaml-tree.js';
import { canonicalTimeZone, knownTimeZones } from './zoned-time.js';

/**
 * A rule's `freeze:` list: absolute windows (`from`/`to`, instants with a zone) and weekly ones
 * (`weekly: {days, from, to, tz}`, local times). Every problem is reported; only good windows
 * are returned.
 */

const dayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const longDayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const isoInstant = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const exampleWindow = '{ from: "2026-12-20T00:00:00Z", to: "2027-01-03T00:00:00Z", reason: "…" }';

export function parseFreeze(value: YamlValue, problems: ProblemList): FreezeWindow[] {
  if (value.kind === 'scalar' && value.value === null) return [];
  if (value.kind !== 'seq') {
    problems.add(
      value.line,
      'wrong_type',
      'freeze must be a list of windows',
      `freeze:\n  - ${exampleWindow}`,
    );
    return [];
  }
  const windows: FreezeWindow[] = [];
  for (const item of value.items) {
    const map = asMap(item, 'a freeze window', exampleWindow, problems);
    if (!map) continue;
    const window = field(map, 'weekly') ? weekly(map, problems) : absolute(map, problems);
    if (window) windows.push(window);
  }
  reportOverlaps(
    windows.filter((w): w is AbsoluteFreeze => w.kind === 'absolute'),
    problems,
  );
  return windows;
}

function absolute(map: YamlMap, problems: ProblemList): AbsoluteFreeze | null {
  checkKeys(map, ['from', 'to', 'reason'], 'a freeze window', problems);
  const from = instant(map, 'from', problems);
  const to = instant(map, 'to', problems);
  const reason = reasonOf(map);
  if (from === undefined || to === undefined) return null;
  if (to <= from) {
    const f = field(map, 'from')!;
    const t = field(map, 'to')!;
    problems.add(
      t.line,
      'freeze_inverted',
      `the freeze ends (to) before or when it starts (from)`,
      `from: "${scalarText(t.value)}", to: "${scalarText(f.value)}" if they were swapped`,
    );
    return null;
  }
  return { kind: 'absolute', line: map.line, from, to, reason };
}

function instant(map: YamlMap, key: 'from' | 'to', problems: ProblemList): number | undefined {
  const entry = field(map, key);
  if (!entry) {
    problems.add(map.line, 'missing_key', `a freeze window needs "${key}"`, exampleWindow);
    return undefined;
  }
  const text = scalarText(entry.value)?.trim() ?? '';
  const m = isoInstant.exec(text);
  const ms = m ? Date.parse(text) : Number.NaN;
  const d = new Date(Date.UTC(Number(m?.[1]), Number(m?.[2]) - 1, Number(m?.[3])));
  const realDate = m !== null && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
  if (!m || Number.isNaN(ms) || !realDate || Number(m[4]) > 23) {
    const hint = /^\d{4}-\d{2}-\d{2}(T[\d:]+)?$/.test(text)
      ? 'the same with a zone'
      : 'an instant with a zone';
    problems.add(
      entry.line,
      'bad_time',
      `${key}: "${text}" is not a date and time with a zone`,
      `${hint}, e.g. ${key}: "2026-12-20T00:00:00Z"`,
    );
    return undefined;
  }
  return ms;
}

function weekly(map: YamlMap, problems: ProblemList): WeeklyFreeze | null {
  checkKeys(map, ['weekly', 'reason'], 'a freeze window', problems);
  const example = '{ days: [fri], from: "16:00", to: "23:59", tz: "Europe/Stockholm" }';
  const spec = asMap(field(map, 'weekly')!.value, 'weekly', `weekly: ${example}`, problems);
  if (!spec) return null;
  checkKeys(spec, ['days', 'from', 'to', 'tz'], 'weekly', problems);
  const days = new Set<Weekday>();
  const daysEntry = field(spec, 'days');
  const words = daysEntry ? wordList(daysEntry.value, 'days', problems) : [];
  for (const word of words) {
    const lower = word.text.toLowerCase();
    const index = Math.max(dayNames.indexOf(lower as (typeof dayNames)[number]), longDayNames.indexOf(lower));
    if (index >= 0) days.add(index as Weekday);
    else problems.add(word.line, 'bad_day', `"${word.text}" is not a day`, suggestion(lower, [...dayNames]));
  }
  if (words.length === 0) {
    const line = daysEntry?.line ?? spec.line;
    problems.add(line, 'missing_key', 'a weekly window needs the days it starts on', 'days: [fri]');
  }
  const fromMinute = clockTime(spec, 'from', problems);
  const toMinute = clockTime(spec, 'to', problems);
  const tzEntry = field(spec, 'tz');
  const tzText = tzEntry ? (scalarText(tzEntry.value) ?? '') : '';
  const timeZone = canonicalTimeZone(tzText);
  if (!tzEntry) {
    problems.add(
      spec.line,
      'missing_key',
      'a weekly window needs the zone its times are in',
      'tz: "Europe/Stockholm" (or "UTC")',
    );
  } else if (timeZone === null) {
    const fix =
      suggestion(tzText, knownTimeZones(), false) ?? 'an IANA zone such as "Europe/Stockholm" or "UTC"';
    problems.add(tzEntry.line, 'bad_timezone', `"${tzText}" is not a time zone`, fix);
  }
  if (fromMinute !== null && toMinute !== null && fromMinute === toMinute) {
    problems.add(
      field(spec, 'to')!.line,
      'freeze_inverted',
      'the weekly window starts and ends at the same time',
      'a "to" later than "from"',
    );
    return null;
  }
  if (days.size === 0 || fromMinute === null || toMinute === null || timeZone === null) return null;
  return { kind: 'weekly', line: map.line, days, fromMinute, toMinute, timeZone, reason: reasonOf(map) };
}

/** "16:00" → 960. "23:59" and "24:00" as `to` mean the end of the day (1440). */
function clockTime(spec: YamlMap, key: 'from' | 'to', problems: ProblemList): number | null {
  const entry = field(spec, key);
  if (!entry) {
    problems.add(
      spec.line,
      'missing_key',
      `a weekly window needs "${key}"`,
      `${key}: "${key === 'from' ? '16:00' : '23:59'}"`,
    );
    return null;
  }
  const text = scalarText(entry.value)?.trim() ?? '';
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  const hours = Number(m?.[1]);
  const minutes = Number(m?.[2]);
  if (key === 'to' && (text === '23:59' || text === '24:00')) return 1440;
  if (!m || hours > 23 || minutes > 59) {
    problems.add(
      entry.line,
      'bad_time',
      `${key}: "${text}" is not a time of day`,
      `${key}: "HH:MM", e.g. "16:00"`,
    );
    return null;
  }
  return hours * 60 + minutes;
}

function reasonOf(map: YamlMap): string | null {
  const entry = field(map, 'reason');
  const text = entry ? scalarText(entry.value)?.trim() : undefined;
  return text ? text : null;
}

/** Two absolute windows that share time are one freeze written twice, or a typo in a date. */
function reportOverlaps(windows: readonly AbsoluteFreeze[], problems: ProblemList): void {
  const sorted = [...windows].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    const earlier = sorted[i - 1]!;
    const later = sorted[i]!;
    if (later.from < earlier.to) {
      const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
      problems.add(
        Math.max(later.line ?? 0, earlier.line ?? 0),
        'freeze_overlap',
        `this freeze overlaps the one on line ${Math.min(later.line ?? 0, earlier.line ?? 0)}`,
        `one window from "${iso(earlier.from)}" to "${iso(Math.max(earlier.to, later.to))}"`,
      );
    }
  }
}
