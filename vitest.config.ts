import { defineConfig } from 'vitest/config';

/**
 * Four projects, so a test pays only for what it needs:
 * - `unit`: domain and pure code, no emulator, no Java (`npm run test:unit`);
 * - `infra`: template assertions on the synthesized CDK app and the layer rules, no emulator;
 * - `stack`: everything that talks to the embedded stack, which its global setup starts once;
 * - `load`: the tests that measure the platform under contention (a hundred recipients at once,
 *   kills mid-delivery, forty writers of one chain), one file at a time after the others, so on a
 *   two-core machine they never compete with the rest of the suite for the CPU they are about.
 * `npm test` runs all four.
 */
const loadTests = [
  'test/flows/service-concurrency.test.ts',
  'test/flows/service-delivery-crash.test.ts',
  'test/integration/state-store.test.ts',
  // 120 recipients in chunked transactions: beside the rest, DynamoDB Local's lock wait runs out.
  'test/integration/service-creation-chunks.test.ts',
  // 400 mediators registered eight at a time, each transaction up to 40 listings and a roster-totals
  // shard: beside the rest (a CI run) its set-up passed 120 s, alone it takes about 6 s.
  'test/integration/eligible-ranking.test.ts',
  // Two demo seeds of 200 mediators side by side, sixteen registrations in flight each: beside the
  // rest, DynamoDB Local's lock wait ran out once (CI, session 27) and the set-up passed 180 s once.
  'test/flows/seed.test.ts',
  // Ten writers of one chain at once.
  'test/http/invitation-burst.test.ts',
  // A whole platform of its own, started and stopped twice: its start-up competes for the same cores.
  'test/flows/npm-start.test.ts',
];
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
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
          exclude: loadTests,
          // One embedded stack per run: started in globalSetup, shared by every stack test.
          globalSetup: ['test/setup/embedded-stack.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'load',
          include: loadTests,
          globalSetup: ['test/setup/embedded-stack.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
