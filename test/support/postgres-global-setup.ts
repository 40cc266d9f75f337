/**
 * vitest globalSetup: one throwaway PostgreSQL server for the whole run, shared by every test file
 * (each still works in its own database). Skipped when TEST_DATABASE_URL names a server. When no
 * server can be started, the reason is provided instead, and the PostgreSQL test files skip with
 * it (or fail, on CI) without each trying again.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './postgres-server.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL?.trim()) return undefined;
  const started = await startThrowawayPostgres();
  if (!started.ok) {
    project.provide('postgresUnavailable', started.reason);
    return undefined;
  }
  project.provide('postgresUrl', started.url);
  return () => started.stop();
}
