import * as z from 'zod';
import { NotFound } from '../../domain/errors';
import { consentBases } from '../../domain/mediation/case-party';
import { hashToken } from '../../domain/mediation/invitation';
import type { Principal } from '../../domain/principal';
import { type Address, addressChannels, addressSources } from '../../domain/service/address';
import { recipientChainId, serviceChainId } from '../../domain/service/service-chains';
import type { EntityWrite, OutboxMessage, StateChange, StateStore } from '../../ports/state-store';
import { personRecords } from '../people/person-records';

/** Kinds of document a court serves (issue 4, item 3). */
export const documentKinds = ['notice', 'summons', 'ruling', 'settlement'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** A recipient's status (DESIGN.md, Statuses). */
export const recipientStatuses = ['planned', 'attempting', 'served', 'unserved', 'served_alternatively'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

export const alternativeMethods = ['post', 'public_notice'] as const;
export type AlternativeMethod = (typeof alternativeMethods)[number];

/** The rule that made a recipient served (DESIGN.md, "When service is complete"). */
export const serviceRules = {
  delivery: 'delivered_to_recipient_designated_address',
  acknowledgement: 'signed_for_in_portal',
} as const;

const channelSchema = z.enum(['sms', 'email']);
const observationSchema = z.object({
  source: z.enum(addressSources),
  observedAt: z.string(),
  reference: z.string().optional(),
  evidence: z.object({ documentId: z.string(), sha256: z.string() }).optional(),
});

const outcomesSchema = z.object({
  attempts: z.number(),
  delivered: z.number(),
  acknowledged: z.number(),
  hardBounces: z.number(),
  softBounces: z.number(),
  lastOutcome: z.enum(['delivered', 'acknowledged', 'hard_bounce', 'soft_bounce', 'no_receipt', 'unknown']).optional(),
  lastOutcomeAt: z.string().optional(),
  reached: z.number().optional(),
  lastReachedAt: z.string().optional(),
});

export const addressSchema = z.object({
  addressId: z.string(),
  personHash: z.string(),
  channel: z.enum(addressChannels),
  value: z.string(),
  sources: z.array(observationSchema),
  outcomes: outcomesSchema,
  invalid: z.boolean().optional(),
});

const plannedAddressSchema = z.object({
  addressId: z.string(),
  channel: channelSchema,
  value: z.string(),
  sources: z.array(observationSchema),
  score: z.number(),
  completesAtDelivery: z.boolean(),
  /** What earlier services showed of the address (`addressReach`); absent in plans made before. */
  reach: z.enum(['reaches', 'silent', 'untested']).optional(),
});
export type PlannedAddress = z.infer<typeof plannedAddressSchema>;

export const attemptSchema = z.object({
  attemptNo: z.number().int().positive(),
  addressId: z.string(),
  channel: channelSchema,
  address: z.string(),
  sources: z.array(observationSchema),
  completesAtDelivery: z.boolean(),
  consentBasis: z.enum(consentBases),
  messageId: z.string(),
  /** Public: printed in the message, checked by GET /verify. */
  reference: z.string(),
  /** The portal link's token and the code in the message: hashes only. */
  tokenHash: z.string(),
  codeHash: z.string(),
  portalExpiresAt: z.string(),
  failedProofs: z.number().int().nonnegative(),
  lockedUntil: z.string().optional(),
  createdAt: z.string(),
  deliveredAt: z.string().optional(),
  /** Past it, an unacknowledged delivery at a non-designated address moves on to the next address. */
  acknowledgementDeadline: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  /** When the recipient first opened the document through this attempt's link (actual notice). */
  openedAt: z.string().optional(),
  /** The address book has counted this attempt's opening or signature as reaching the person. */
  reachLearned: z.boolean().optional(),
  /** Absent for a service attempt; `notice_reminder` for the reminder after legal service (issue 16). */
  purpose: z.enum(['notice_reminder']).optional(),
  acknowledgedBy: z.object({ ip: z.string().optional(), userAgent: z.string().optional() }).optional(),
  /** How the attempt ended, once settled (what the address book learned). */
  outcome: z.enum(['delivered', 'acknowledged', 'hard_bounce', 'soft_bounce', 'no_receipt', 'unknown']).optional(),
  settledAt: z.string().optional(),
  learned: z.boolean().optional(),
});
export type ServiceAttempt = z.infer<typeof attemptSchema>;

const timeoutsSchema = z.object({
  receipt: z.object({ sms: z.number().int().positive(), email: z.number().int().positive() }),
  acknowledgement: z.object({ sms: z.number().int().positive(), email: z.number().int().positive() }),
  /**
   * After legal service at a designated address, how long to wait for the recipient to open or sign
   * before reminding them through another consented address (issue 16). Absent: no reminder.
   */
  noticeReminder: z.number().int().positive().optional(),
  /** The first reminder's wait when earlier services showed the serving address silent (delivered, never opened). */
  noticeReminderSilent: z.number().int().positive().optional(),
  /** The first reminder's wait when the person has opened documents at the serving address before. */
  noticeReminderReaches: z.number().int().positive().optional(),
});
export type ServiceTimeouts = z.infer<typeof timeoutsSchema>;

export const recipientSchema = z.object({
  recipientId: z.string(),
  serviceId: z.string(),
  personId: z.string(),
  personHash: z.string(),
  status: z.enum(recipientStatuses),
  timeouts: timeoutsSchema,
  createdAt: z.string(),
  plannedAt: z.string().optional(),
  plan: z.array(plannedAddressSchema).optional(),
  excluded: z
    .array(z.object({ addressId: z.string(), reasons: z.array(z.object({ code: z.string(), reason: z.string() })) }))
    .optional(),
  consentBasis: z.enum(consentBases).optional(),
  attempts: z.array(attemptSchema),
  /** The workflow's task token while it waits for an acknowledgement. */
  waitToken: z.string().optional(),
  served: z.object({ at: z.string(), rule: z.string(), attemptNo: z.number().int() }).optional(),
  unserved: z.object({ at: z.string(), reason: z.string(), detail: z.string() }).optional(),
  alternative: z
    .object({
      method: z.enum(alternativeMethods),
      at: z.string(),
      recordedBy: z.object({ role: z.string(), subjectId: z.string() }),
      reference: z.string().optional(),
      note: z.string().optional(),
    })
    .optional(),
  stall: z.object({ error: z.string(), cause: z.string(), at: z.string() }).optional(),
  /** How many times the recipient resumed after being unserved (names each resumed workflow run). */
  resumes: z.number().int().positive().optional(),
});
export type RecipientRecord = z.infer<typeof recipientSchema>;

export const serviceSchema = z.object({
  serviceId: z.string(),
  document: z.object({
    title: z.string(),
    kind: z.enum(documentKinds),
    mediaType: z.string(),
    sha256: z.string(),
    size: z.number(),
    key: z.string(),
  }),
  requestedBy: z.object({ role: z.string(), subjectId: z.string() }),
  courtId: z.string().optional(),
  /** Who the messages say the document is from: the court's name, or the platform's. */
  issuer: z.string(),
  /** The language of the SMS texts (the emails carry both); Chinese when absent. */
  language: z.enum(['zh', 'en']).optional(),
  recipientIds: z.array(z.string()),
  createdAt: z.string(),
});
export type ServiceRecord = z.infer<typeof serviceSchema>;

/** Every service, newest last, on the general index: the service centre reads it. */
export const serviceCatalogIndex = 'SERVICES';

export function serviceCatalogEntry(service: { serviceId: string; createdAt: string }) {
  return { gsi1pk: serviceCatalogIndex, gsi1sk: `${service.createdAt}#${service.serviceId}` };
}

/**
 * How a service sits in the store: its own partition and chain (the service's own events), one item
 * per recipient beside the root, and one chain per recipient (DESIGN.md, Proof: no recipient's
 * write waits on another's), which holds that recipient's delivery facts and its messages' events.
 */
export const serviceRecords = {
  chainId: serviceChainId,
  recipientChainId,
  key: (serviceId: string) => ({ pk: `SERVICE#${serviceId}`, sk: 'ROOT' }),
  recipientKey: (serviceId: string, recipientId: string) => ({
    pk: `SERVICE#${serviceId}`,
    sk: `RECIPIENT#${recipientId}`,
  }),
  recipientPrefix: 'RECIPIENT#',
  /** Finds the attempt a portal link belongs to. */
  tokenKey: (tokenHash: string) => ({ pk: `SERVICE_TOKEN#${tokenHash}`, sk: 'SERVICE_TOKEN' }),
  /** Finds the attempt a reference code was printed in (GET /verify). */
  referenceKey: (reference: string) => ({ pk: `SERVICE_REF#${reference}`, sk: 'SERVICE_REF' }),
  /** The person's address book: one item, so a batch merges atomically under one version. */
  bookKey: (personHash: string) => ({ pk: personRecords.key(personHash).pk, sk: 'ADDRESS_BOOK' }),
  personChainId: (personHash: string) => personRecords.key(personHash).pk,
  /** Unserved recipients of a person, waiting for an address or a consent to resume on (gsi1pk). */
  awaitingAddressIndex: (personHash: string) => `AWAITING_ADDRESS#${personHash}`,
};

export const serviceRequestedType = 'service.requested';

/** The platform itself, as the actor of the workflow's events. */
export const serviceActor: Principal = { role: 'operator', subjectId: 'platform:service-delivery' };

export interface Loaded<T> {
  value: T;
  version: number;
}

export async function loadService(store: StateStore, serviceId: string): Promise<Loaded<ServiceRecord>> {
  const stored = await store.get(serviceRecords.key(serviceId));
  if (!stored) throw new NotFound(`no service ${serviceId}`);
  return { value: serviceSchema.parse(stored.attributes), version: stored.version };
}

export async function loadRecipient(
  store: StateStore,
  serviceId: string,
  recipientId: string,
): Promise<Loaded<RecipientRecord>> {
  const stored = await store.get(serviceRecords.recipientKey(serviceId, recipientId));
  if (!stored) throw new NotFound(`no recipient ${recipientId} in service ${serviceId}`);
  return { value: recipientSchema.parse(stored.attributes), version: stored.version };
}

/**
 * The attempt a portal link belongs to (its token's pointer), with its recipient and service;
 * an unknown token, or one whose attempt is gone, is not found.
 */
export async function attemptByToken(
  store: StateStore,
  token: string,
): Promise<{ loaded: Loaded<RecipientRecord>; attempt: ServiceAttempt; service: ServiceRecord }> {
  const pointer = await store.get(serviceRecords.tokenKey(hashToken(token)));
  if (!pointer) throw new NotFound('no such link');
  const { serviceId, recipientId, attemptNo } = pointer.attributes as {
    serviceId: string;
    recipientId: string;
    attemptNo: number;
  };
  const [loaded, service] = await Promise.all([
    loadRecipient(store, serviceId, recipientId),
    loadService(store, serviceId),
  ]);
  const attempt = loaded.value.attempts.find((candidate) => candidate.attemptNo === attemptNo);
  if (!attempt) throw new NotFound('no such link');
  return { loaded, attempt, service: service.value };
}

export async function listRecipients(store: StateStore, serviceId: string): Promise<RecipientRecord[]> {
  const items = await store.listByPrefix(serviceRecords.key(serviceId).pk, serviceRecords.recipientPrefix);
  return items.map((item) => recipientSchema.parse(item.attributes));
}

export async function loadBook(store: StateStore, personHash: string): Promise<Loaded<Address[]>> {
  const stored = await store.get(serviceRecords.bookKey(personHash));
  if (!stored) return { value: [], version: 0 };
  return { value: z.array(addressSchema).parse(stored.attributes.addresses) as Address[], version: stored.version };
}

export function bookWrite(loaded: { version: number }, personHash: string, addresses: Address[]): EntityWrite {
  return {
    key: serviceRecords.bookKey(personHash),
    expectedVersion: loaded.version,
    attributes: { personHash, addresses: addresses.map(stripUndefined) },
  };
}

/**
 * The recipient's write. An unserved one is also listed under its person (`awaitingAddressIndex`),
 * so an address or consent arriving later finds it; any other status drops it from that list.
 */
export function recipientWrite(loaded: { version: number }, next: RecipientRecord): EntityWrite {
  return {
    key: serviceRecords.recipientKey(next.serviceId, next.recipientId),
    expectedVersion: loaded.version,
    attributes: stripUndefined({ ...next, attempts: next.attempts.map(stripUndefined) }),
    ...(next.status === 'unserved'
      ? {
          index: {
            gsi1pk: serviceRecords.awaitingAddressIndex(next.personHash),
            gsi1sk: `${next.unserved?.at ?? next.createdAt}#${next.serviceId}#${next.recipientId}`,
          },
        }
      : {}),
  };
}

/** Once a recipient's chain reaches one of these, the service's chain records its head. */
const settledStatuses = new Set<RecipientStatus>(['served', 'unserved', 'served_alternatively']);

/** The outbox item that has the service's chain record a settled recipient's head. */
export const recipientSettledType = 'service.recipient_settled';

/**
 * One change of a recipient, as an event of the recipient's own chain (no addresses or codes in
 * the data). A change that settles the recipient also asks, through the outbox, for the service's
 * chain to record the recipient's head, off the path of the recipient's own writes.
 */
export function recipientChange(
  loaded: { version: number },
  next: RecipientRecord,
  eventType: string,
  extra: { data?: Record<string, unknown>; writes?: EntityWrite[]; actor?: Principal; outbox?: OutboxMessage[] } = {},
): StateChange {
  const settled = settledStatuses.has(next.status)
    ? [{ type: recipientSettledType, payload: { serviceId: next.serviceId, recipientId: next.recipientId } }]
    : [];
  const outbox = [...(extra.outbox ?? []), ...settled];
  return {
    chainId: serviceRecords.recipientChainId(next.serviceId, next.recipientId),
    writes: [recipientWrite(loaded, next), ...(extra.writes ?? [])],
    event: {
      type: eventType,
      actor: extra.actor ?? serviceActor,
      data: { recipientId: next.recipientId, status: next.status, ...extra.data },
    },
    ...(outbox.length > 0 ? { outbox } : {}),
  };
}

export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
