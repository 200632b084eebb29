import { defineConfig } from 'vitest/config';

// The local cluster (npm run test:cluster): one file, its processes started once, checks in order.
export default defineConfig({
  test: {
    include: ['deploy/cluster/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
