import { fail, type Route, type RouteContext, withVps } from './context.js';
import { jsonResponse, type SimResponse } from './problem.js';
import { vpsDetails, vpsItem, vpsLiveStatus, vpsSingle } from './serialize.js';

const maxLimit = 100;

function encodeCursor(offset: number): string {
  return `cur_${Buffer.from(`o:${offset}`).toString('base64url')}`;
}

function decodeCursor(cursor: string): number | null {
  if (!cursor.startsWith('cur_')) return null;
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor.slice(4), 'base64url').toString('utf8'));
  return match?.[1] ? Number(match[1]) : null;
}

function listVps(ctx: RouteContext): SimResponse {
  const q = ctx.url.searchParams;
  const rawLimit = q.get('limit');
  let limit = ctx.state.pageSizeDefault;
  if (rawLimit !== null) {
    limit = /^\d+$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= maxLimit)) {
      return fail(ctx, 400, 'invalid_request', `limit must be an integer from 1 to ${maxLimit}`, [
        { pointer: '/limit', detail: `Must be an integer from 1 to ${maxLimit}`, code: 'out_of_range' },
      ]);
    }
  }
  const name = q.get('name')?.toLowerCase();
  const primaryIp = q.get('primaryIp');
  const all = ctx.state.inventory.vpses.filter(
    (v) =>
      (name === undefined || v.name.toLowerCase() === name) &&
      (primaryIp === null || v.primaryIp === primaryIp),
  );
  const rawCursor = q.get('cursor');
  const offset = rawCursor === null || rawCursor === '' ? 0 : decodeCursor(rawCursor);
  if (offset === null || offset > all.length) {
    return fail(ctx, 400, 'invalid_request', 'The cursor is not valid', [
      { pointer: '/cursor', detail: 'Unknown or expired cursor', code: 'invalid_cursor' },
    ]);
  }
  const page = all.slice(offset, offset + limit);
  const hasMore = offset + limit < all.length;
  return jsonResponse(200, {
    data: page.map(vpsItem),
    nextCursor: hasMore ? encodeCursor(offset + limit) : null,
    hasMore,
  });
}

export const readRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v2\/vps$/, handle: listVps },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/vps\/([^/]+)$/,
    handle: (ctx) => withVps(ctx, (vps) => jsonResponse(200, vpsSingle(vps, ctx.state))),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/details$/,
    handle: (ctx) => withVps(ctx, (vps) => jsonResponse(200, vpsDetails(vps, ctx.state))),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/status$/,
    handle: (ctx) => withVps(ctx, (vps) => jsonResponse(200, vpsLiveStatus(vps, ctx.state))),
  },
];
