import type { MessageLanguage } from '../domain/messages/sms-texts';
import type { Principal } from '../domain/principal';
import type { Court } from '../domain/roster/court';
import type { RecipientRecord, ServiceAttempt } from '../domain/service/recipient';
import type { DocumentKind, ServiceRecord } from '../domain/service/service';
import type { Versioned } from './table';

/*
 * Electronic service as capabilities the service feature lends the confirmations (a court's ruling
 * is served on the parties, who read and sign for it on their case page): they receive these in
 * their deps, bound by the composition roots, and never import the feature.
 */

/** Whether a person can be served electronically now: its consent, and how many addresses the plan would try. */
export type ServiceReadiness = (
  personHash: string,
  now: Date,
) => Promise<{ consented: boolean; usableAddresses: number; reachable: boolean }>;

/** A service to record under a known id, for recipients already resolved and allowed. */
export interface ServiceRecording {
  /** The service's id, chosen by the caller (a ruling's service claims it before it is served). */
  serviceId: string;
  /** The court whose document it is, named as its issuer. */
  court?: Court;
  document: { title: string; kind: DocumentKind; mediaType: string; content: Uint8Array };
  recipients: Array<{ personId: string; personHash: string }>;
  /** The recipients' language for the SMS texts (a ruling: the dispute's); Chinese when absent. */
  language?: MessageLanguage | undefined;
}

/**
 * Records a service under `input.serviceId` for `requestedBy` (the principal it is done for: the
 * court whose ruling it is): the document stored, then the service and its recipients, whose
 * delivery starts once the change is committed.
 */
export type RecordService = (
  requestedBy: Principal,
  input: ServiceRecording,
) => Promise<{ service: ServiceRecord; recipients: RecipientRecord[] }>;

/** Who signs for a document, as recorded with the signature. */
export interface PortalClient {
  ip?: string;
  userAgent?: string;
}

/** Finds the recipient (read afresh on every try of a conflicting write) and the attempt acted on. */
export type LocateAttempt = () => Promise<{ loaded: Versioned<RecipientRecord>; attempt: ServiceAttempt }>;

/**
 * What a recipient does with a served document outside the portal's link (a signed-in party's own
 * ruling): the same records, events and outbox items as through the portal, so the proof and the
 * workflow cannot tell them apart.
 */
export interface ServedDocumentReceipts {
  /** Actual notice: the first opening of the document is recorded on the attempt; later ones write nothing. */
  recordOpened(locate: LocateAttempt): Promise<void>;
  /** The recipient signs for the document on the attempt found; a repeat changes nothing. */
  acknowledge(
    locate: LocateAttempt,
    client: PortalClient,
  ): Promise<{ serviceId: string; recipientId: string; acknowledgedAt: string; status: RecipientRecord['status'] }>;
}
