import type { FreezeWindow, WeeklyFreeze } from './compiled-policy.js';
import { addDays, wallClock, weekdayOf, zonedInstant } from './zoned-time.js';

/**
 * When a rule's freeze windows hold, as spans of instants. A weekly window becomes one span per
 * day it names, with its start and end read on that day's wall clock, so DST moves the instants
 * and never the local times.
 */
export interface FreezeSpan {
  readonly window: FreezeWindow;
  /** Epoch ms; the span is [from, until). */
  readonly from: number;
  readonly until: number;
}

/**
 * The freeze holding at `at`, or null. When windows overlap or follow each other without a gap,
 * `until` is when the last of them ends: that is when acting is possible again.
 */
export function activeFreeze(windows: readonly FreezeWindow[], at: number): FreezeSpan | null {
  const spans = windows.flatMap((w) => spansNear(w, at));
  const active = spans.filter((s) => s.from <= at && at < s.until).sort((a, b) => a.from - b.from);
  const first = active[0];
  if (!first) return null;
  let until = Math.max(...active.map((s) => s.until));
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of spans) {
      if (s.from <= until && s.until > until) {
        until = s.until;
        grew = true;
      }
    }
  }
  return { window: first.window, from: first.from, until };
}

/** The next freeze to start after `at` and within `horizonMs` of it, or null. */
export function upcomingFreeze(
  windows: readonly FreezeWindow[],
  at: number,
  horizonMs: number,
): FreezeSpan | null {
  const next = windows
    .flatMap((w) => spansNear(w, at))
    .filter((s) => s.from > at && s.from <= at + horizonMs)
    .sort((a, b) => a.from - b.from);
  return next[0] ?? null;
}

/** Spans of a window that can hold now or start within the next week. */
function spansNear(window: FreezeWindow, at: number): FreezeSpan[] {
  if (window.kind === 'absolute') return [{ window, from: window.from, until: window.to }];
  return weeklySpans(window, at);
}

function weeklySpans(window: WeeklyFreeze, at: number): FreezeSpan[] {
  const today = wallClock(at, window.timeZone);
  const overnight = window.fromMinute >= window.toMinute;
  const spans: FreezeSpan[] = [];
  // From yesterday (an overnight window that started then may still hold) to a week ahead.
  for (let k = -1; k <= 8; k++) {
    const date = addDays(today, k);
    if (!window.days.has(weekdayOf(date))) continue;
    const from = zonedInstant(date, window.fromMinute, window.timeZone);
    const until = zonedInstant(overnight ? addDays(date, 1) : date, window.toMinute, window.timeZone);
    spans.push({ window, from, until });
  }
  return spans;
}
