import type { PopulationParameters } from './service-simulation-model';
import { currentPopulation } from './service-simulation-parameters';

/**
 * Population "stale": records that went stale and little consent given on the platform (issue 16,
 * "Why"): most recipients never designated an address themselves, registration and court records
 * are old and often name a number since reassigned, the other party's addresses are worse. Every
 * figure that differs from "current" is an ASSUMPTION chosen to stress the ranking, fixed before
 * the strategy was changed; the rest is "current"'s.
 */
export const stalePopulation: PopulationParameters = {
  ...currentPopulation,
  name: 'stale',
  description: 'stale registration and court records, few platform designations, mostly contract and conduct consent',
  population: { ...currentPopulation.population, seed: 31_160_001, heldOutSeed: 31_160_002 },
  consent: {
    // ASSUMPTION: consent mostly from contracts and conduct, rarely declared on the platform.
    share: 0.85,
    basis: { platform_declaration: 0.1, contract_clause: 0.45, earlier_litigation: 0.15, conduct: 0.3 },
  },
  handles: {
    ...currentPopulation.handles,
    // ASSUMPTION: more people carry an old number that records still hold; old numbers are mostly reassigned.
    hasOldMobile: 0.75,
    oldMobileDead: 0.35,
    hasOldEmail: 0.45,
    oldEmailDead: 0.5,
    wrongHandleDead: 0.4,
    churnPerCaseInterval: 0.06,
  },
  sources: {
    // ASSUMPTIONS: stale official records.
    registration_record: { present: 0.95, sms: 1, current: 0.6, ageDays: [365, 3000] },
    other_party_provided: { present: 0.9, sms: 0.8, current: 0.5, ageDays: [0, 60] },
    civil_activity_record: { present: 0.7, sms: 0.6, current: 0.8, ageDays: [0, 365] },
    court_record: { present: 0.35, sms: 1, current: 0.5, ageDays: [365, 3000] },
  },
  designation: {
    ...currentPopulation.designation,
    // ASSUMPTION: contract clauses are older and more often name a number since given up.
    contractClause: { current: 0.65, ageDays: [365, 2500] },
  },
};
