import { defineConfig } from 'vitest/config';

/**
 * One project per suite so each can be run alone (`vitest run --project contract`) and `npm run test:all`
 * runs them all. Suites that start servers (MariaDB, Azurite, the dev hub, Nginx, Chromium) get longer
 * time-outs and run their files one at a time: this machine has two cores.
 */
const slow = { testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } as const;

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'contract', include: ['test/contract/**/*.test.ts'], ...slow } },
      { test: { name: 'pipeline', include: ['test/pipeline/**/*.test.ts'], ...slow } },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], ...slow } },
      { test: { name: 'ansible', include: ['test/ansible/**/*.test.ts'], ...slow } },
      { test: { name: 'agent', include: ['test/agent/**/*.test.ts'], ...slow } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...slow } },
    ],
  },
});
