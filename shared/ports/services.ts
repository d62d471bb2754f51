import type { Address } from '../domain/service/address';
import type { AttemptPointer, RecipientRecord } from '../domain/service/recipient';
import type { PendingRecipient, ServiceRecord } from '../domain/service/service';
import type { EntityWrite, Page, Versioned } from './table';

/** A recipient's chain head as the service's chain recorded it. */
export interface RecordedHead {
  recipientId: string;
  seq: number;
  hash: string;
  status?: string;
}

/** A recipient in the operators' queue of unserved recipients. */
export interface UnservedQueueEntry {
  serviceId: string;
  recipientId: string;
  /** When it became unserved (the request time for one recorded without it). */
  unservedAt: string;
}

/** A recipient's portal session: the proof it gave, sealed with a key only its cookie holds. */
export interface PortalSession {
  tokenHash: string;
  validUntil: string;
  sealed: string;
}

/**
 * Services (DESIGN.md flow 3): a service's root and its recipients, the pointers from a portal
 * link or a printed reference to the attempt it belongs to, the heads the service's chain
 * recorded, and each person's address book.
 */
export interface Services {
  /** The service, or NotFound. */
  service(serviceId: string): Promise<Versioned<ServiceRecord>>;
  /** Whether a service with this id was created. */
  serviceExists(serviceId: string): Promise<boolean>;
  /** The service with the recipients still to write (none once its creation is complete), or NotFound. */
  serviceWithPending(serviceId: string): Promise<Versioned<ServiceRecord> & { pending: PendingRecipient[] }>;
  /** The versioned write of the service's root, listed in the catalogue, with the recipients still to write. */
  serviceWrite(expectedVersion: number, service: ServiceRecord, pending: PendingRecipient[]): EntityWrite;
  /** Every service, the newest request first (the service centre reads it, a window at a time). */
  catalogue(page: { limit: number; cursor?: string }): Promise<Page<ServiceRecord>>;

  /** The recipient, or NotFound. */
  recipient(serviceId: string, recipientId: string): Promise<Versioned<RecipientRecord>>;
  /** The service's recipients. */
  recipients(serviceId: string): Promise<RecipientRecord[]>;
  /**
   * The recipient's write, from the recipient as loaded (a new one: version 0). An unserved one is
   * also listed under its person (`awaitingAddress`), so an address or consent arriving later finds
   * it, and in the operators' queue (`unservedQueue`); the write that moves it out of `unserved`
   * (served alternatively, served after all, resumed) drops it from both, in the same transaction.
   */
  recipientWrite(loaded: Versioned<RecipientRecord> | { version: 0 }, next: RecipientRecord): EntityWrite;
  /**
   * Unserved recipients waiting for alternative service, the longest waiting first, however long
   * ago or recently their service was requested.
   */
  unservedQueue(page: { limit: number; cursor?: string }): Promise<Page<UnservedQueueEntry>>;
  /** The person's unserved recipients, waiting for an address or a consent to resume on. */
  awaitingAddress(
    personHash: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<{ serviceId: string; recipientId: string }>>;

  /** The attempt a portal link's token (by its hash) belongs to. */
  attemptOfToken(tokenHash: string): Promise<AttemptPointer | undefined>;
  /** The attempt a reference code was printed in (GET /verify). */
  attemptOfReference(reference: string): Promise<AttemptPointer | undefined>;
  /** The pointers of a new attempt's link and reference (each created once). */
  attemptPointerWrites(tokenHash: string, reference: string, pointer: AttemptPointer): EntityWrite[];
  /** The name the wrong tries of a link's code are counted under. */
  codeTriesName(tokenHash: string): string;
  /** The portal session a cookie names, if it is kept and whole. */
  portalSession(sessionId: string): Promise<PortalSession | undefined>;
  /** A new session (created once); the store drops it a day after `validUntil`. */
  portalSessionWrite(sessionId: string, session: PortalSession): EntityWrite;

  /** The heads of the recipient's chain the service's chain recorded, in order. */
  recordedHeads(serviceId: string, recipientId: string): Promise<RecordedHead[]>;
  /** Whether the service's chain recorded the recipient's head at `seq`. */
  headRecorded(serviceId: string, recipientId: string, seq: number): Promise<boolean>;
  /** Records a head once (created once: a redelivered item cannot record it twice). */
  recordedHeadWrite(serviceId: string, head: RecordedHead): EntityWrite;
  /** Whether the court was told the service completed. */
  completionRecorded(serviceId: string): Promise<boolean>;
  /** The marker written with the `service.completed` callback, so a service completes once. */
  completionWrite(serviceId: string, completedAt: string): EntityWrite;

  /** The person's address book (empty, version 0, before its first address). */
  addressBook(personHash: string): Promise<Versioned<Address[]>>;
  /** The book's write: one item, so a batch merges atomically under one version. */
  addressBookWrite(loaded: { version: number }, personHash: string, addresses: Address[]): EntityWrite;
}
