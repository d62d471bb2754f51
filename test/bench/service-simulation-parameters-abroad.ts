import type { PopulationParameters } from './service-simulation-model';
import { currentPopulation } from './service-simulation-parameters';

/**
 * Population "abroad": recipients living abroad (issue 16, "Why"), whose Chinese mobile is kept
 * but not read (delivered to a phone in a drawer, or forwarded nowhere), while email works. Every
 * figure that differs from "current" is an ASSUMPTION, fixed before the strategy was changed.
 */
export const abroadPopulation: PopulationParameters = {
  ...currentPopulation,
  name: 'abroad',
  description: 'living abroad: the mobile on record is delivered to but not read; email works',
  population: { ...currentPopulation.population, seed: 41_160_001, heldOutSeed: 41_160_002 },
  consent: {
    // ASSUMPTION: cross-border contracts name an address for service more often.
    share: 0.9,
    basis: { platform_declaration: 0.35, contract_clause: 0.4, earlier_litigation: 0.1, conduct: 0.15 },
  },
  handles: {
    ...currentPopulation.handles,
    // ASSUMPTIONS: the mobile rarely reaches the person; nearly everyone has a working mailbox.
    currentMobileWorks: 0.1,
    hasCurrentEmail: 0.95,
    currentEmailWorks: 0.97,
    churnPerCaseInterval: 0.02,
  },
  sources: {
    ...currentPopulation.sources,
    // ASSUMPTIONS: the other party and civil records know the mailbox more often than at home.
    other_party_provided: { present: 0.9, sms: 0.5, current: 0.6, ageDays: [0, 60] },
    civil_activity_record: { present: 0.6, sms: 0.3, current: 0.75, ageDays: [0, 720] },
  },
  designation: {
    ...currentPopulation.designation,
    // ASSUMPTION: a designation made from abroad names the mailbox more often than the mobile.
    sms: 0.4,
  },
  response: {
    ...currentPopulation.response,
    // ASSUMPTION: email read sooner by people who live by it.
    emailMedianFactor: 1,
  },
};
