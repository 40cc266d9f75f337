import { ProviderIdError } from '../../errors.js';
import { PROVIDER } from './transport-errors.js';

/** Which value an id check refused, as ProviderIdError's `field` names it. */
export type IdField = 'vpsId' | 'snapshotName' | 'backupId' | 'sourceVpsId' | 'action';

const maxIdLength = 200;

const labels: Record<IdField, string> = {
  vpsId: 'VPS id',
  snapshotName: 'snapshot name',
  backupId: 'backup id',
  sourceVpsId: 'source VPS id',
  action: 'action',
};

/**
 * Characters no HostUp id has: path, query and fragment separators, `%` (an id that is already
 * encoded, or one meant to decode into `/`), whitespace, control and invisible format characters,
 * and lone surrogates (which `encodeURIComponent` cannot encode).
 */
const forbidden = /[/\\?#%\s\p{Cc}\p{Cf}\p{Cs}]/u;

function excerpt(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Why `value` cannot be an id, or null when its shape is fine. */
function idProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return 'is empty';
  if (value === '.' || value === '..') return 'is a dot segment';
  if (value.length > maxIdLength) return `is longer than ${maxIdLength} characters`;
  const bad = forbidden.exec(value);
  if (bad) return `contains ${JSON.stringify(bad[0])}`;
  return null;
}

/**
 * `value` when it has the shape of an id, else a ProviderIdError (`invalid_provider_id`). Ids
 * come from the API's own answers, so a bad one means a bug or a tampered answer: without this a
 * VPS id of `..` would turn `/api/v2/vps/../details` into `/api/v2/details`.
 */
export function checkedId(field: IdField, value: string): string {
  const problem = idProblem(value);
  if (problem === null) return value;
  const shown = typeof value === 'string' ? excerpt(value) : String(value);
  throw new ProviderIdError({
    provider: PROVIDER,
    code: 'invalid_provider_id',
    field,
    message: `The ${labels[field]} ${shown} ${problem}, so it cannot be a ${PROVIDER} one: nothing was sent`,
  });
}

/** A checked id as one encoded path segment. */
export function idSegment(field: IdField, value: string): string {
  return encodeURIComponent(checkedId(field, value));
}

/** `/api/v2/vps/{id}` followed by fixed segments, the id checked and encoded. */
export function vpsPath(id: string, ...rest: string[]): string {
  return ['/api/v2/vps', idSegment('vpsId', id), ...rest].join('/');
}

function pollUrlError(message: string): ProviderIdError {
  return new ProviderIdError({ provider: PROVIDER, code: 'invalid_poll_url', field: 'pollUrl', message });
}

/**
 * The path (with query) to request for a job's `pollUrl`, relative to the base URL. A pollUrl is
 * either a path under `/api/` or an absolute URL on the base URL's origin (under its path
 * prefix); anything else is refused (`invalid_poll_url`), so a tampered answer can neither send
 * the token to another host nor reach outside the API.
 */
export function pollPath(pollUrl: string, base: URL): string {
  if (typeof pollUrl !== 'string' || pollUrl === '' || pollUrl.length > 2_000) {
    throw pollUrlError('HostUp pollUrl is empty or too long');
  }
  if (/[\\#\s\p{Cc}\p{Cf}\p{Cs}]/u.test(pollUrl)) {
    throw pollUrlError('HostUp pollUrl contains a backslash, a fragment, whitespace or a control character');
  }
  const prefix = base.pathname.replace(/\/$/, '');
  let url: URL;
  let path: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(pollUrl)) {
    try {
      url = new URL(pollUrl);
    } catch {
      throw pollUrlError('HostUp pollUrl is not a URL');
    }
    if (url.origin !== base.origin) {
      throw pollUrlError(`HostUp pollUrl points to another host (${url.host})`);
    }
    if (prefix !== '' && !url.pathname.startsWith(`${prefix}/`)) {
      throw pollUrlError('HostUp pollUrl is outside the API base URL');
    }
    path = url.pathname.slice(prefix.length);
  } else {
    if (!pollUrl.startsWith('/') || pollUrl.startsWith('//')) {
      throw pollUrlError('HostUp pollUrl is neither a path nor a URL on the API host');
    }
    // Resolving normalises `.`/`..` (also when percent-encoded), so the check below sees the real path.
    url = new URL(pollUrl, 'http://pollurl.invalid');
    path = url.pathname;
  }
  if (!path.startsWith('/api/')) throw pollUrlError('HostUp pollUrl is not under /api/');
  return path + url.search;
}
