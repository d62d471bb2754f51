import type { ConsentBasis } from '../mediation/case-party';
import type { SourceObservation } from './address';

/** A recipient's status (DESIGN.md, Statuses). */
export const recipientStatuses = ['planned', 'attempting', 'served', 'unserved', 'served_alternatively'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

export const alternativeMethods = ['post', 'public_notice'] as const;

/** Why a recipient is left unserved (service-delivery.ts): no consent, no usable address, or every address tried. */
export const unservedReasons = ['no_consent', 'no_usable_address', 'every_address_failed'] as const;
export type AlternativeMethod = (typeof alternativeMethods)[number];

/** The rule that made a recipient served (DESIGN.md, "When service is complete"). */
export const serviceRules = {
  delivery: 'delivered_to_recipient_designated_address',
  acknowledgement: 'signed_for_in_portal',
} as const;

/** How an attempt ended, once settled (what the address book learned). */
export type AttemptOutcome = 'delivered' | 'acknowledged' | 'hard_bounce' | 'soft_bounce' | 'no_receipt' | 'unknown';

/** An address in a recipient's plan, ranked. */
export interface PlannedAddress {
  addressId: string;
  channel: 'sms' | 'email';
  value: string;
  sources: SourceObservation[];
  score: number;
  completesAtDelivery: boolean;
  /** What earlier services showed of the address (`addressReach`); absent in plans made before. */
  reach?: 'reaches' | 'silent' | 'untested';
}

/** One message sent to serve (or remind) a recipient, at one address. */
export interface ServiceAttempt {
  attemptNo: number;
  addressId: string;
  channel: 'sms' | 'email';
  address: string;
  sources: SourceObservation[];
  completesAtDelivery: boolean;
  consentBasis: ConsentBasis;
  messageId: string;
  /** Public: printed in the message, checked by GET /verify. */
  reference: string;
  /** The portal link's token and the code in the message: hashes only. */
  tokenHash: string;
  codeHash: string;
  portalExpiresAt: string;
  failedProofs: number;
  lockedUntil?: string;
  createdAt: string;
  deliveredAt?: string;
  /** Past it, an unacknowledged delivery at a non-designated address moves on to the next address. */
  acknowledgementDeadline?: string;
  acknowledgedAt?: string;
  /** When the recipient first opened the document through this attempt's link (actual notice). */
  openedAt?: string;
  /** The address book has counted this attempt's opening or signature as reaching the person. */
  reachLearned?: boolean;
  /** Absent for a service attempt; `notice_reminder` for the reminder after legal service (issue 16). */
  purpose?: 'notice_reminder';
  acknowledgedBy?: { ip?: string; userAgent?: string };
  /** How the attempt ended, once settled (what the address book learned). */
  outcome?: AttemptOutcome;
  settledAt?: string;
  learned?: boolean;
}

/** The waits of a recipient's workflow, in seconds, fixed when the recipient is created. */
export interface ServiceTimeouts {
  receipt: { sms: number; email: number };
  acknowledgement: { sms: number; email: number };
  /**
   * After legal service at a designated address, how long to wait for the recipient to open or sign
   * before reminding them through another consented address (issue 16). Absent: no reminder.
   */
  noticeReminder?: number;
  /** The first reminder's wait when earlier services showed the serving address silent (delivered, never opened). */
  noticeReminderSilent?: number;
  /** The first reminder's wait when the person has opened documents at the serving address before. */
  noticeReminderReaches?: number;
}

/** One recipient of a service: its plan, its attempts and how its service ended. */
export interface RecipientRecord {
  recipientId: string;
  serviceId: string;
  personId: string;
  personHash: string;
  status: RecipientStatus;
  timeouts: ServiceTimeouts;
  createdAt: string;
  plannedAt?: string;
  plan?: PlannedAddress[];
  excluded?: { addressId: string; reasons: { code: string; reason: string }[] }[];
  consentBasis?: ConsentBasis;
  attempts: ServiceAttempt[];
  /** The workflow's task token while it waits for an acknowledgement. */
  waitToken?: string;
  served?: { at: string; rule: string; attemptNo: number };
  unserved?: { at: string; reason: string; detail: string };
  alternative?: {
    method: AlternativeMethod;
    at: string;
    recordedBy: { role: string; subjectId: string };
    reference?: string;
    note?: string;
  };
  stall?: { error: string; cause: string; at: string };
  /** How many times the recipient resumed after being unserved (names each resumed workflow run). */
  resumes?: number;
}

/** Which attempt a portal link or a printed reference belongs to. */
export interface AttemptPointer {
  serviceId: string;
  recipientId: string;
  attemptNo: number;
}

/** The outbox item that has the service's chain record a settled recipient's head. */
export const recipientSettledType = 'service.recipient_settled';
