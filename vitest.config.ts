import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Integration tests each start their own redis-server and embedded ClickHouse; two cores.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        // Pure logic with injected clocks: one fork runs many files (no fresh module graph per file), which
        // halves their time; none of them mocks modules or leaves globals changed (fake timers are restored).
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: { name: 'system', include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'] },
      },
    ],
  },
});
