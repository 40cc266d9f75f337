import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Integration tests start real HTTP servers and child processes on loopback.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    restoreMocks: true,
    // One throwaway PostgreSQL server for the whole run (skipped, and said so, where none is installed).
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
