import { fail, type Route, type RouteContext } from './context.js';
import type { SimResponse } from './problem.js';
import { backupRoutes } from './routes-backups.js';
import { hostnameRoutes } from './routes-hostname.js';
import { jobRoutes } from './routes-jobs.js';
import { powerRoutes } from './routes-power.js';
import { readRoutes } from './routes-read.js';
import { snapshotRoutes } from './routes-snapshots.js';

const routes: Route[] = [
  ...readRoutes,
  ...powerRoutes,
  ...snapshotRoutes,
  ...backupRoutes,
  ...hostnameRoutes,
  ...jobRoutes,
];

function decode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}

/** Finds the API route for the path and runs it; 404/405 Problem Details otherwise. */
export function routeApi(ctx: Omit<RouteContext, 'params'>): SimResponse {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(ctx.url.pathname);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== ctx.method) continue;
    return route.handle({ ...ctx, params: match.slice(1).map(decode) });
  }
  const bare = { ...ctx, params: [] };
  return pathMatched
    ? fail(bare, 405, 'method_not_allowed', `${ctx.method} is not allowed on ${ctx.url.pathname}`)
    : fail(bare, 404, 'not_found', `No route for ${ctx.url.pathname}`);
}
