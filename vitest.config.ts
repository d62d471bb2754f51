import { defineConfig } from 'vitest/config';

/**
 * Three projects, so a test pays only for what it needs:
 * - `unit`: domain and pure code, no emulator, no Java (`npm run test:unit`);
 * - `infra`: template assertions on the synthesized CDK app and the layer rules, no emulator;
 * - `stack`: everything that talks to the embedded stack, which its global setup starts once.
 * `npm test` runs all three.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/{infra,architecture}/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'stack',
          include: ['test/{adapters,browser,flows,http,integration,local,contracts}/**/*.test.ts'],
          // One embedded stack per run: started in globalSetup, shared by every stack test.
          globalSetup: ['test/setup/embedded-stack.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
