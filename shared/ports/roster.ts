import type { DisputeCategory } from '../domain/mediation/categories';
import type { RankedMediator } from '../domain/mediation/matching';
import type { CategoryRecord, Mediator } from '../domain/mediation/mediator';
import type { Court, CourtClient } from '../domain/roster/court';
import type { Organization } from '../domain/roster/organization';
import type { EntityWrite, Page, PageRequest, Versioned } from './table';

export interface RosterTotals {
  mediators: number;
  /** Settled and closed mediations per category, summed over every mediator's record. */
  outcomes: Partial<Record<DisputeCategory, CategoryRecord>>;
}

/**
 * The roster: courts, mediation organizations and mediators, each its own aggregate, listed by
 * name. A court's API clients and a mediator's Cognito `sub` are claimed by unique items, so one
 * client cannot be two courts and one person cannot be two mediators.
 */
export interface Roster {
  court(courtId: string): Promise<Versioned<Court> | undefined>;
  /** The court's write, listed on the roster by name. */
  courtWrite(expectedVersion: number, court: Court): EntityWrite;
  courts(page: PageRequest): Promise<Page<Court>>;
  /** Every court (competence checks read the whole roster). */
  allCourts(): Promise<Court[]>;
  /** The court an API client stands for, with its end if it ended. */
  courtClient(clientId: string): Promise<Versioned<CourtClient> | undefined>;
  /** The client's claim (`expectedVersion: 0`: a client already claimed by a court fails the change). */
  courtClientWrite(expectedVersion: number, clientId: string, client: CourtClient): EntityWrite;
  /** The id of the court the principal's API client stands for, if any. */
  courtIdOfClient(clientId: string): Promise<string | undefined>;

  organization(organizationId: string): Promise<Versioned<Organization> | undefined>;
  organizationWrite(expectedVersion: number, organization: Organization): EntityWrite;
  organizations(page: PageRequest): Promise<Page<Organization>>;

  mediator(mediatorId: string): Promise<Versioned<Mediator> | undefined>;
  /**
   * The mediator's write, listed on the roster by name (its chain's head is kept by the store), with
   * its eligibility listings and the roster's totals kept in step in the same change. `stored` is the
   * mediator as read (undefined for a new one): its version is the write's condition, and the
   * listings it had that `mediator` no longer has are removed. Throws when the mediator would be
   * listed under more than `MAX_ELIGIBILITY_PLACES` places (callers check first).
   */
  mediatorWrite(stored: Versioned<Mediator> | undefined, mediator: Mediator): EntityWrite;
  mediators(page: PageRequest): Promise<Page<Mediator>>;
  /** Every mediator (batch assignment; grows with the roster: per-dispute reads use `eligibleMediators`). */
  allMediators(): Promise<Mediator[]>;
  /**
   * The mediators listed under `category` in any of `places` (domain/mediation/eligibility.ts), once
   * each, as ranking reads them (their record holds `category` only). Reads what is listed there,
   * never the rest of the roster.
   */
  eligibleMediators(search: { category: DisputeCategory; places: readonly string[] }): Promise<RankedMediator[]>;
  /** How many mediators the roster holds and their outcomes pooled per category, kept by `mediatorWrite`. */
  rosterTotals(): Promise<RosterTotals>;
  /** The claim of a person's `sub` by a mediator (created once). */
  mediatorSubjectWrite(subjectId: string, mediatorId: string): EntityWrite;
  /** The mediator a Cognito `sub` is, if any. */
  mediatorIdOfSubject(subjectId: string): Promise<string | undefined>;
}
