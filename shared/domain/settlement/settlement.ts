import type { Invitation } from '../mediation/invitation';

/**
 * A mediated settlement (DESIGN.md flow 2): structured terms, the subject matter stated explicitly,
 * rendered to a canonical document whose SHA-256 every party signs.
 */
export type Obligation =
  | {
      kind: 'payment';
      /** partyIds of the dispute. */
      debtor: string;
      creditor: string;
      amountMinor: number;
      currency: string;
      /** One or more instalments, each with its due date (YYYY-MM-DD, Asia/Shanghai). */
      instalments: Array<{ dueDate: string; amountMinor: number }>;
    }
  | { kind: 'act'; debtor: string; creditor: string; description: string; dueDate: string };

export interface SubjectMatter {
  description: string;
  /** Identity, marriage, adoption: not confirmable. */
  touchesPersonalStatus: boolean;
  /** Confirmation of title to property or intellectual property: not confirmable. */
  confirmsTitle: boolean;
  /** Division code where the subject matter is, when it has a place (real property, say). */
  locationRegion?: string;
}

/**
 * `awaiting_signatures` → `effective` when the last party signs; `superseded` for a frozen earlier
 * version of the terms; `lapsed` when the mediation ended (failed, withdrawn, expired) before every
 * party signed: nothing was agreed, and nothing more can be signed.
 */
export const settlementStatuses = ['awaiting_signatures', 'effective', 'superseded', 'lapsed'] as const;
export type SettlementStatus = (typeof settlementStatuses)[number];

/** Why an unsigned settlement lapsed: how the mediation it was drafted in ended. */
export const lapseReasons = ['mediation_failed', 'mediation_withdrawn', 'mediation_expired'] as const;
export type LapseReason = (typeof lapseReasons)[number];

export interface Signature {
  partyId: string;
  /** The principal who signed (the party's own session, or the signing link's holder after proof). */
  signedBy: string;
  signedAt: string;
  method: 'session' | 'signing_link';
  documentSha256: string;
  client: { userAgent?: string; ipHash?: string };
}

export interface Settlement {
  settlementId: string;
  disputeId: string;
  /** Each change of the terms is a new version with a new document; earlier signatures are void. */
  version: number;
  obligations: Obligation[];
  clauses: string[];
  subjectMatter: SubjectMatter;
  document: { key: string; sha256: string; size: number; mediaType: string };
  signatures: Signature[];
  status: SettlementStatus;
  /** When the last party signed: the 30-day window for judicial confirmation starts the next day. */
  effectiveAt?: string;
  /** Last day to apply for judicial confirmation (YYYY-MM-DD, Asia/Shanghai) and its instant. */
  applicationDeadline?: { lastDay: string; endsAt: string };
  /** When and why the settlement lapsed unsigned (status `lapsed`). */
  lapsed?: { reason: LapseReason; at: string };
  recordedBy: string;
  createdAt: string;
}

/** The settlement as stored: the domain entity and the courts it went to. */
export interface StoredSettlement extends Settlement {
  /** Courts (their roster ids) a confirmation request for this settlement was made to. */
  courtIds: string[];
}

/**
 * A one-time signing link for one party and one version of the terms: an invitation's link, code and
 * limits (domain/mediation/invitation.ts; `revokedAt` when a newer link for the same party replaced
 * it). Only hashes are kept.
 */
export interface SigningLink extends Invitation {
  settlementId: string;
  /** The terms' version it was sent for: a link for voided terms signs nothing. */
  settlementVersion: number;
  requestedBy: string;
  createdAt: string;
}

/** Where a settlement's canonical document is kept: content-addressed, so a lost race overwrites nothing. */
export const settlementDocumentKey = (settlementId: string, sha256: string) =>
  `settlements/${settlementId}/${sha256}.json`;
