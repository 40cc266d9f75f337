import { describe, expect, it } from 'vitest';
import { activeFreeze, upcomingFreeze } from '../../../src/domain/policy/freeze-windows.js';
import type { FreezeWindow, Weekday } from '../../../src/domain/policy/index.js';
import { zonedInstant } from '../../../src/domain/policy/zoned-time.js';

const weekly = (days: Weekday[], from: string, to: string, timeZone: string): FreezeWindow => {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return {
    kind: 'weekly',
    line: 1,
    days: new Set(days),
    fromMinute: minutes(from),
    toMinute: to === '24:00' ? 1440 : minutes(to),
    timeZone,
    reason: null,
  };
};
const absolute = (from: string, to: string): FreezeWindow => ({
  kind: 'absolute',
  line: 1,
  from: Date.parse(from),
  to: Date.parse(to),
  reason: null,
});
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const hour = 3_600_000;

describe('zonedInstant', () => {
  it('reads a local time on either side of a DST change', () => {
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 27 }, 16 * 60, 'Europe/Stockholm'))).toBe(
      '2026-03-27T15:00:00.000Z',
    );
    expect(iso(zonedInstant({ year: 2026, month: 4, day: 3 }, 16 * 60, 'Europe/Stockholm'))).toBe(
      '2026-04-03T14:00:00.000Z',
    );
  });

  it('moves a time the spring change skips to just after the change', () => {
    // 29 March 2026, Stockholm: 02:00 jumps to 03:00, so 02:30 never happens.
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 29 }, 150, 'Europe/Stockholm'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('takes the first of a time the autumn change repeats', () => {
    // 25 October 2026, Stockholm: 02:30 happens at 00:30Z (summer time) and 01:30Z (winter time).
    expect(iso(zonedInstant({ year: 2026, month: 10, day: 25 }, 150, 'Europe/Stockholm'))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });
});

describe('weekly freezes', () => {
  const friday = weekly([4], '16:00', '24:00', 'Europe/Stockholm');

  it('start at the same local time in winter and summer', () => {
    expect(iso(activeFreeze([friday], Date.parse('2026-03-27T15:00:00Z'))?.from)).toBe(
      '2026-03-27T15:00:00.000Z',
    );
    expect(activeFreeze([friday], Date.parse('2026-03-27T14:59:59Z'))).toBeNull();
    expect(iso(activeFreeze([friday], Date.parse('2026-04-03T14:00:00Z'))?.from)).toBe(
      '2026-04-03T14:00:00.000Z',
    );
    expect(activeFreeze([friday], Date.parse('2026-04-03T13:59:59Z'))).toBeNull();
  });

  it('run to the end of the day when they end at 23:59', () => {
    const span = activeFreeze([friday], Date.parse('2026-04-03T21:59:30Z'));
    expect(iso(span?.until)).toBe('2026-04-03T22:00:00.000Z');
    expect(activeFreeze([friday], Date.parse('2026-04-03T22:00:00Z'))).toBeNull();
  });

  it('run past midnight when they end earlier than they start, even over the night the clocks change', () => {
    // Saturday 22:00 to Sunday 06:00 over 28/29 March 2026: 7 hours of real time, not 8.
    const night = weekly([5], '22:00', '06:00', 'Europe/Stockholm');
    const span = activeFreeze([night], Date.parse('2026-03-29T03:00:00Z'));
    expect({ from: iso(span?.from), until: iso(span?.until) }).toEqual({
      from: '2026-03-28T21:00:00.000Z',
      until: '2026-03-29T04:00:00.000Z',
    });
    expect(span!.until - span!.from).toBe(7 * hour);
  });

  it('are found for the next days, not for past ones', () => {
    const next = upcomingFreeze([friday], Date.parse('2026-04-02T20:00:00Z'), 24 * hour);
    expect(iso(next?.from)).toBe('2026-04-03T14:00:00.000Z');
    expect(upcomingFreeze([friday], Date.parse('2026-04-01T20:00:00Z'), 24 * hour)).toBeNull();
  });
});

describe('activeFreeze', () => {
  it('holds inside an absolute window and not at its end', () => {
    const w = absolute('2026-12-20T00:00:00Z', '2027-01-03T00:00:00Z');
    expect(activeFreeze([w], Date.parse('2026-12-20T00:00:00Z'))).not.toBeNull();
    expect(activeFreeze([w], Date.parse('2027-01-03T00:00:00Z'))).toBeNull();
  });

  it('says the end of the whole freeze when windows follow each other', () => {
    const friday = weekly([4], '16:00', '24:00', 'UTC');
    const weekend = absolute('2026-12-19T00:00:00Z', '2026-12-21T00:00:00Z');
    const span = activeFreeze([friday, weekend], Date.parse('2026-12-18T17:00:00Z'));
    expect(iso(span?.until)).toBe('2026-12-21T00:00:00.000Z');
    expect(span?.window.kind).toBe('weekly');
  });
});
