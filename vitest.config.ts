import { defineConfig } from 'vitest/config';

// One suite, two databases: `npm test` runs it on embedded PGlite, `npm run test:services` on PostgreSQL
// (KADO_TEST_DB=postgres). Each test file gets a fresh database copied from one migrated template.
export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'plugins/**/*.test.ts', 'deploy/k8s/**/*.test.ts'],
    globalSetup: ['core/test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './core/test/support/summary-reporter.ts'],
  },
});
