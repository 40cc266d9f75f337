import { esc } from './elements.js';

/**
 * Times and durations as people read them. `<!date…>` lets Slack show each reader their own time
 * zone; the fallback (for clients that cannot) is UTC and says so.
 */
export function slackTime(ms: number): string {
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/**
 * A time in one person's zone, the zone named: "2026-11-23 14:05 CET". For private answers, which
 * one person reads (channel messages use `slackTime`, which each reader's client localises).
 */
export function zonedTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}

/** "Times are in Europe/Stockholm (CET)", or why they are in UTC. */
export function zoneNote(timeZone: string, now: number): string {
  const short = zonedTime(now, timeZone).split(' ').at(-1);
  return timeZone === 'UTC'
    ? 'Times are in UTC.'
    : `Times are in your time zone, ${esc(timeZone)}${short && short !== timeZone ? ` (${esc(short)})` : ''}.`;
}

/** An ISO time from a provider, as a Slack time (kept as typed when it cannot be read). */
export function isoTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? esc(iso) : slackTime(ms);
}

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
