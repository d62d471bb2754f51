import { NotFound } from '../errors';
import type { Principal } from '../principal';
import type { DisputeCategory } from './categories';

/** A period a mediator is on leave: no offer whose mediation would start inside it. */
export interface LeavePeriod {
  /** ISO dates (Asia/Shanghai calendar days), inclusive. */
  from: string;
  to: string;
}

/** How a mediator's past mediations in one category ended (feeds the smoothed outcome score). */
export interface CategoryRecord {
  settled: number;
  closed: number;
}

export interface Mediator {
  id: string;
  /** The Cognito `sub` of the person: the mediator's principal. */
  subjectId: string;
  name: string;
  /** Where offers reach the mediator (through the outbox, by SMS or email). */
  contact: { phone?: string; email?: string };
  organizationId: string;
  specialties: DisputeCategory[];
  /** BCP 47 primary language tags, e.g. `zh`, `en`, `yue`. */
  languages: string[];
  /** Administrative division codes (a prefix covers the divisions inside it) where they mediate in person. */
  regions: string[];
  /** Mediates online (video, the platform's rooms), so region does not limit them. */
  online: boolean;
  /** Disputes the mediator can hold at once. */
  capacity: number;
  /** Disputes held now (offers accepted and not yet closed). */
  activeCases: number;
  leave: LeavePeriod[];
  crossBorderQualified: boolean;
  /** Look-up hashes of persons and companies the mediator must never mediate for. */
  conflicts: string[];
  record: Partial<Record<DisputeCategory, CategoryRecord>>;
  /** Median hours to answer an offer, over the recent offers; undefined until there is one. */
  responseHoursMedian?: number;
  /** Mean rating (1-5) from parties after closing, and how many ratings. */
  rating?: { mean: number; count: number };
  /** When it was registered (mediators registered before this was kept have none). */
  createdAt?: string;
}

/** A mediator's own chain (registration, updates, ratings). */
export const mediatorChainId = (mediatorId: string) => `MEDIATOR#${mediatorId}`;

/**
 * The dispute's mediator, when the caller is that mediator: what only the dispute's own mediator
 * may see or do (its case room, its settlement, closing it). To anyone else the dispute does not
 * exist (404), so a mediator learns nothing of other mediators' cases.
 */
export function mediatorActingAs(mediator: Mediator | undefined, principal: Principal, disputeId: string): Mediator {
  if (!mediator || principal.role !== 'mediator' || mediator.subjectId !== principal.subjectId) {
    throw new NotFound(`no dispute ${disputeId}`);
  }
  return mediator;
}
