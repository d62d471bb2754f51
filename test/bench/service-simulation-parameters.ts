/**
 * Every number the service simulation draws its population from, in one place, each with where it
 * comes from. Only two kinds of figure are published (issue 4, "Why", from court reports): courts
 * that serve electronically report success rates of 77%–92% and about a day to serve, against four
 * days or more by post. Everything else is an ASSUMPTION, marked as such: a plausible figure, fixed
 * before the simulation was first run and never adjusted toward its results. Change one only with a
 * better source, and say which.
 *
 * The platform settings at the end are not facts about people but choices of the delivery workflow
 * (timeouts); they are kept here so the simulation's whole input is visible at once.
 */

/** Published figures (issue 4 / court reports). */
export const PUBLISHED = {
  /** Share of electronic services that succeed, as courts report it. */
  courtElectronicSuccessLow: 0.77,
  courtElectronicSuccessHigh: 0.92,
  /** Typical time to serve electronically, hours ("about a day"). */
  courtElectronicServiceHours: 24,
  /** Time to serve by post, days ("four days or more"): the alternative when electronic service fails. */
  postalServiceDays: 4,
} as const;

const COURT_SUCCESS_MIDPOINT = (PUBLISHED.courtElectronicSuccessLow + PUBLISHED.courtElectronicSuccessHigh) / 2;

export const POPULATION = {
  recipients: 10_000,
  seed: 20_260_404,
  /** Cases per recipient (each served once per case), learning in between. ASSUMPTION. */
  casesPerRecipient: 4,
  /** Days between a recipient's cases. ASSUMPTION. */
  daysBetweenCases: 90,
} as const;

/** Consent to electronic service (DESIGN.md, Identity). ASSUMPTION: no published share. */
export const CONSENT = {
  share: 0.9,
  /** Given consent, its basis. ASSUMPTION. */
  basis: { platform_declaration: 0.5, contract_clause: 0.25, earlier_litigation: 0.15, conduct: 0.1 },
} as const;

/**
 * The recipient's real handles (numbers and mailboxes) and what became of them. `silent`: messages
 * are delivered but reach someone else or nobody (a reassigned number, an abandoned mailbox); `dead`:
 * the number or mailbox does not exist (a hard bounce). ASSUMPTIONS.
 */
export const HANDLES = {
  /** The current mobile reaches the person with this probability; otherwise it is silent (phone lost, abroad). */
  currentMobileWorks: 0.97,
  /** Share of people with an earlier mobile that some records still hold. */
  hasOldMobile: 0.5,
  /** An old mobile is dead with this probability, else reassigned (silent). */
  oldMobileDead: 0.6,
  hasCurrentEmail: 0.6,
  hasOldEmail: 0.3,
  oldEmailDead: 0.7,
  /** A wrong handle a source invents (no old one to be stale with) is dead with this probability, else silent. */
  wrongHandleDead: 0.6,
  /** Between two cases, the current mobile stops working (number given up) with this probability. */
  churnPerCaseInterval: 0.03,
} as const;

/**
 * Sources: the chance a person has one, the channel it names, the chance it names the current handle
 * (else a stale or wrong one), and the age of its observation in days.
 */
export interface SourceModel {
  present: number;
  sms: number;
  current: number;
  ageDays: readonly [number, number];
}

export const SOURCES = {
  /**
   * `current` is DERIVED from the published court success rates: their midpoint (84.5%) taken as the
   * chance that the number on record reaches the person, since courts serve mainly to registered
   * numbers. Presence, channel and age: ASSUMPTIONS.
   */
  registration_record: { present: 0.95, sms: 1, current: COURT_SUCCESS_MIDPOINT, ageDays: [0, 1500] },
  /** ASSUMPTIONS: the other party names an address at filing, often an old one. */
  other_party_provided: { present: 0.9, sms: 0.8, current: 0.6, ageDays: [0, 60] },
  /** ASSUMPTIONS: shopping, contracts, payments. */
  civil_activity_record: { present: 0.6, sms: 0.6, current: 0.75, ageDays: [0, 720] },
  /** ASSUMPTIONS: earlier litigation's records. */
  court_record: { present: 0.25, sms: 1, current: 0.7, ageDays: [0, 1800] },
} as const satisfies Record<string, SourceModel>;

/** Designated addresses and earlier service follow from the consent basis. ASSUMPTIONS. */
export const DESIGNATION = {
  /** A declaration on the platform comes with an address designated there, recently. */
  platformDeclaration: { current: 0.99, ageDays: [0, 30] as const },
  /** A contract clause names an address, as old as the contract. */
  contractClause: { current: 0.8, ageDays: [180, 1500] as const },
  /** Earlier electronic service in litigation left an `earlier_service` address. */
  earlierLitigation: { current: 0.9, ageDays: [90, 1000] as const },
  /** Share of designated addresses that are mobiles (else email). */
  sms: 0.7,
} as const;

/** Message delivery at a handle that works (per message). ASSUMPTIONS. */
export const DELIVERY = {
  smsReceiptMedianSeconds: 10,
  emailDeliveryMedianSeconds: 60,
  latencySigma: 0.8,
  /** A working handle still fails now and then: no SMS receipt, an email soft bounce. */
  smsTransientFailure: 0.02,
  emailTransientFailure: 0.02,
  /** A dead handle's failure arrives this many seconds after sending. */
  bounceSeconds: 30,
} as const;

/**
 * The recipient's response: the time from delivery to signing in the portal, lognormal. Each person
 * has a median of their own (spread `personSigma`), and each message varies around it
 * (`messageSigma`). The SMS median is an ASSUMPTION anchored on the published "about a day": 12 hours
 * with these spreads gives a mean response of about 22 hours. Email is read later: ASSUMPTION.
 */
export const RESPONSE = {
  neverSigns: 0.05,
  smsMedianHours: 12,
  emailMedianFactor: 1.5,
  personSigma: 1,
  messageSigma: 0.5,
} as const;

/** Platform settings of the delivery workflow (choices, not measurements). */
export const PLATFORM = {
  /** Wait this long for an SMS receipt or an email delivery event before taking the attempt as failed. */
  smsReceiptTimeoutMinutes: 10,
  emailDeliveryTimeoutMinutes: 30,
  /** After a delivery that does not complete service, wait this long for a signature before the next address. */
  acknowledgementWaitHours: 4,
  /** Portal links stay valid for 30 days (DESIGN.md): a signature after that does not count. */
  linkValidityDays: 30,
} as const;
