import { defineConfig } from 'vitest/config';

// Unit tests run in parallel; tests under test/fs and test/faults mount real
// filesystems, so they run one file at a time to keep the 2-core machine sane.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
