import { addressRanking } from './address-ranking.bench';
import { batchAssignment } from './batch-assignment.bench';
import { batchRanking } from './batch-ranking.bench';
import { bundles } from './bundles.bench';
import { confirmationFlowUnits } from './confirmation-flow-units.bench';
import { filingThroughput } from './filing.bench';
import { npmStart } from './npm-start.bench';
import { provinceDay } from './province-day.bench';
import { ranking } from './ranking.bench';
import { recommendationsRoute } from './recommendations-route.bench';
import { serviceSimulation } from './service-simulation.bench';
import { smsSegments } from './sms-segments.bench';
import { stateStore } from './state-store.bench';
import type { Benchmark } from './types';

/**
 * Every benchmark `npm run bench` knows, in the order they run and appear in BENCHMARKS.md.
 *
 * To add one: write `test/bench/<name>.bench.ts` exporting a `Benchmark` (see `types.ts`; keep it
 * under about a minute on two cores), import it here and append it to this array. Its `name` is
 * what `npm run bench -- <name>` selects. Do not name files `*.test.ts`: vitest would collect them.
 */
export const benchmarks: readonly Benchmark[] = [
  bundles,
  stateStore,
  filingThroughput,
  ranking,
  recommendationsRoute,
  batchAssignment,
  batchRanking,
  addressRanking,
  serviceSimulation,
  confirmationFlowUnits,
  smsSegments,
  npmStart,
  // Hours at PROVINCE_SCALE=1 (the default): run it alone, on a quiet machine; never in CI.
  provinceDay,
];
