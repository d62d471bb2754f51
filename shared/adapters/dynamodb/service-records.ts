import { createHash } from 'node:crypto';
import { NotFound } from '../../domain/errors';
import { consentBases } from '../../domain/mediation/case-party';
import { type Address, addressChannels, addressSources } from '../../domain/service/address';
import {
  type AttemptPointer,
  alternativeMethods,
  type PlannedAddress,
  type RecipientRecord,
  recipientStatuses,
  type ServiceAttempt,
  type ServiceTimeouts,
} from '../../domain/service/recipient';
import { documentKinds, type PendingRecipient, type ServiceRecord } from '../../domain/service/service';
import type { PortalSession, RecordedHead, Services, UnservedQueueEntry } from '../../ports/services';
import type { CompanionWrite, TableReads, Versioned } from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { readParsed, readParsedOrNotFound, withoutUndefined } from './entity-attributes';
import { personRecords } from './person-records';

/**
 * How a service sits in the store: its own partition (the root, `SERVICE#<serviceId>` / `ROOT`,
 * listed on the general index `SERVICES` by creation time), one item per recipient beside the
 * root (`RECIPIENT#<recipientId>`), and the heads of the recipients' chains the service's chain
 * recorded (`RECORDED_HEAD#<recipientId>#<seq>`). The chains themselves are named in
 * shared/domain/service/service-chains.ts (DESIGN.md, Proof).
 */
export const serviceRecords = {
  key: (serviceId: string) => ({ pk: `SERVICE#${serviceId}`, sk: 'ROOT' }),
  recipientKey: (serviceId: string, recipientId: string) => ({
    pk: `SERVICE#${serviceId}`,
    sk: `RECIPIENT#${recipientId}`,
  }),
  recipientPrefix: 'RECIPIENT#',
  /** Every service by request time on the general index: the service centre reads it newest first. */
  catalogueIndex: 'SERVICES',
  /**
   * An unserved recipient's entry in the operators' queue, beside the recipient, listed on the
   * general index `UNSERVED` by the time it became unserved (gsi1sk `<unservedAt>#<serviceId>#<recipientId>`).
   * One index partition: entries are written only when a recipient's electronic service fails or
   * ends otherwise, a few a second at the most even at a province's load, far below the
   * 1,000 writes a second at which DynamoDB throttles a partition; a single partition keeps the
   * queue one ordered query (oldest first) with a plain cursor.
   */
  unservedEntryKey: (serviceId: string, recipientId: string) => ({
    pk: `SERVICE#${serviceId}`,
    sk: `UNSERVED_QUEUE#${recipientId}`,
  }),
  unservedQueueIndex: 'UNSERVED',
  /** Finds the attempt a portal link belongs to. */
  tokenKey: (tokenHash: string) => ({ pk: `SERVICE_TOKEN#${tokenHash}`, sk: 'SERVICE_TOKEN' }),
  /** Finds the attempt a reference code was printed in (GET /verify). */
  referenceKey: (reference: string) => ({ pk: `SERVICE_REF#${reference}`, sk: 'SERVICE_REF' }),
  /** The person's address book: one item, so a batch merges atomically under one version. */
  bookKey: (personHash: string) => ({ pk: personRecords.key(personHash).pk, sk: 'ADDRESS_BOOK' }),
  /** Unserved recipients of a person, waiting for an address or a consent to resume on (gsi1pk). */
  awaitingAddressIndex: (personHash: string) => `AWAITING_ADDRESS#${personHash}`,
  recordedHeadPrefix: (recipientId: string) => `RECORDED_HEAD#${recipientId}#`,
  recordedHeadKey: (serviceId: string, recipientId: string, seq: number) => ({
    pk: `SERVICE#${serviceId}`,
    sk: `RECORDED_HEAD#${recipientId}#${String(seq).padStart(10, '0')}`,
  }),
  /** A portal session, under the hash of the id its cookie carries. */
  portalSessionKey: (sessionId: string) => ({
    pk: `PORTAL_SESSION#${createHash('sha256').update(sessionId).digest('hex')}`,
    sk: 'PORTAL_SESSION',
  }),
  /** Written once, with the `service.completed` callback, so a service completes once. */
  completedMarkerKey: (serviceId: string) => ({ pk: `SERVICE#${serviceId}`, sk: 'CALLBACK#service.completed' }),
};

const positiveInt = () => z.int().check(z.positive());
const channelSchema = z.enum(['sms', 'email']);
const outcomeSchema = z.enum(['delivered', 'acknowledged', 'hard_bounce', 'soft_bounce', 'no_receipt', 'unknown']);
const observationSchema = z.object({
  source: z.enum(addressSources),
  observedAt: z.string(),
  reference: z.optional(z.string()),
  evidence: z.optional(z.object({ documentId: z.string(), sha256: z.string() })),
});

const outcomesSchema = z.object({
  attempts: z.number(),
  delivered: z.number(),
  acknowledged: z.number(),
  hardBounces: z.number(),
  softBounces: z.number(),
  lastOutcome: z.optional(outcomeSchema),
  lastOutcomeAt: z.optional(z.string()),
  reached: z.optional(z.number()),
  lastReachedAt: z.optional(z.string()),
});

const addressSchema: z.ZodMiniType<Address> = z.object({
  addressId: z.string(),
  personHash: z.string(),
  channel: z.enum(addressChannels),
  value: z.string(),
  sources: z.array(observationSchema),
  outcomes: outcomesSchema,
  invalid: z.optional(z.boolean()),
});

const plannedAddressSchema: z.ZodMiniType<PlannedAddress> = z.object({
  addressId: z.string(),
  channel: channelSchema,
  value: z.string(),
  sources: z.array(observationSchema),
  score: z.number(),
  completesAtDelivery: z.boolean(),
  reach: z.optional(z.enum(['reaches', 'silent', 'untested'])),
});

const attemptSchema: z.ZodMiniType<ServiceAttempt> = z.object({
  attemptNo: positiveInt(),
  addressId: z.string(),
  channel: channelSchema,
  address: z.string(),
  sources: z.array(observationSchema),
  completesAtDelivery: z.boolean(),
  consentBasis: z.enum(consentBases),
  messageId: z.string(),
  reference: z.string(),
  tokenHash: z.string(),
  codeHash: z.string(),
  portalExpiresAt: z.string(),
  failedProofs: z.int().check(z.nonnegative()),
  lockedUntil: z.optional(z.string()),
  createdAt: z.string(),
  deliveredAt: z.optional(z.string()),
  acknowledgementDeadline: z.optional(z.string()),
  acknowledgedAt: z.optional(z.string()),
  openedAt: z.optional(z.string()),
  reachLearned: z.optional(z.boolean()),
  purpose: z.optional(z.enum(['notice_reminder'])),
  acknowledgedBy: z.optional(z.object({ ip: z.optional(z.string()), userAgent: z.optional(z.string()) })),
  outcome: z.optional(outcomeSchema),
  settledAt: z.optional(z.string()),
  learned: z.optional(z.boolean()),
});

const timeoutsSchema: z.ZodMiniType<ServiceTimeouts> = z.object({
  receipt: z.object({ sms: positiveInt(), email: positiveInt() }),
  acknowledgement: z.object({ sms: positiveInt(), email: positiveInt() }),
  noticeReminder: z.optional(positiveInt()),
  noticeReminderSilent: z.optional(positiveInt()),
  noticeReminderReaches: z.optional(positiveInt()),
});

const recipientSchema: z.ZodMiniType<RecipientRecord> = z.object({
  recipientId: z.string(),
  serviceId: z.string(),
  personId: z.string(),
  personHash: z.string(),
  status: z.enum(recipientStatuses),
  timeouts: timeoutsSchema,
  createdAt: z.string(),
  plannedAt: z.optional(z.string()),
  plan: z.optional(z.array(plannedAddressSchema)),
  excluded: z.optional(
    z.array(z.object({ addressId: z.string(), reasons: z.array(z.object({ code: z.string(), reason: z.string() })) })),
  ),
  consentBasis: z.optional(z.enum(consentBases)),
  attempts: z.array(attemptSchema),
  waitToken: z.optional(z.string()),
  served: z.optional(z.object({ at: z.string(), rule: z.string(), attemptNo: z.int() })),
  unserved: z.optional(z.object({ at: z.string(), reason: z.string(), detail: z.string() })),
  alternative: z.optional(
    z.object({
      method: z.enum(alternativeMethods),
      at: z.string(),
      recordedBy: z.object({ role: z.string(), subjectId: z.string() }),
      reference: z.optional(z.string()),
      note: z.optional(z.string()),
    }),
  ),
  stall: z.optional(z.object({ error: z.string(), cause: z.string(), at: z.string() })),
  resumes: z.optional(positiveInt()),
});

const serviceSchema: z.ZodMiniType<ServiceRecord> = z.object({
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
  courtId: z.optional(z.string()),
  issuer: z.string(),
  language: z.optional(z.enum(['zh', 'en'])),
  recipientIds: z.array(z.string()),
  createdAt: z.string(),
});

const nonEmpty = () => z.string().check(z.minLength(1));
const pendingSchema: z.ZodMiniType<PendingRecipient[]> = z.array(
  z.object({ recipientId: nonEmpty(), personId: nonEmpty(), personHash: nonEmpty() }),
);
const pointerSchema: z.ZodMiniType<AttemptPointer> = z.object({
  serviceId: z.string(),
  recipientId: z.string(),
  attemptNo: z.int(),
});
const awaitingSchema = z.object({ serviceId: nonEmpty(), recipientId: nonEmpty() });
const recordedHeadSchema: z.ZodMiniType<RecordedHead> = z.object({
  recipientId: z.string(),
  seq: z.number(),
  hash: z.string(),
  status: z.optional(z.string()),
});
const portalSessionSchema: z.ZodMiniType<PortalSession> = z.object({
  tokenHash: z.string(),
  validUntil: z.string(),
  sealed: z.string(),
});
const bookSchema = z.object({ addresses: z.array(addressSchema) });

const unservedEntrySchema: z.ZodMiniType<UnservedQueueEntry> = z.object({
  serviceId: nonEmpty(),
  recipientId: nonEmpty(),
  unservedAt: nonEmpty(),
});

/** Where an unserved recipient sorts in both of its lists: when it became unserved. */
function unservedSince(recipient: RecipientRecord): string {
  return recipient.unserved?.at ?? recipient.createdAt;
}

/** The operators' queue entry of an unserved recipient: its item, listed on the queue's index. */
export function unservedQueueEntry(recipient: RecipientRecord): Extract<CompanionWrite, { kind: 'put' }> {
  const unservedAt = unservedSince(recipient);
  return {
    kind: 'put',
    key: serviceRecords.unservedEntryKey(recipient.serviceId, recipient.recipientId),
    attributes: { serviceId: recipient.serviceId, recipientId: recipient.recipientId, unservedAt },
    index: {
      gsi1pk: serviceRecords.unservedQueueIndex,
      gsi1sk: `${unservedAt}#${recipient.serviceId}#${recipient.recipientId}`,
    },
  };
}

/**
 * The queue entry's part of a recipient's write: written again with each write of an unserved
 * recipient (so an entry missing for any reason comes back), deleted by the write that moves the
 * recipient out of `unserved`, and nothing otherwise.
 */
function unservedQueueWrites(
  loaded: Versioned<RecipientRecord> | { version: 0 },
  next: RecipientRecord,
): CompanionWrite[] {
  if (next.status === 'unserved') return [unservedQueueEntry(next)];
  const wasUnserved = 'value' in loaded && loaded.value.status === 'unserved';
  return wasUnserved
    ? [{ kind: 'delete', key: serviceRecords.unservedEntryKey(next.serviceId, next.recipientId) }]
    : [];
}

/** The recipient as stored, parsed (the backfill reads recipients outside the repository). */
export function parseRecipient(attributes: Record<string, unknown>): RecipientRecord {
  return z.parseOrThrow(recipientSchema, attributes);
}

function catalogueEntry(service: { serviceId: string; createdAt: string }) {
  return { gsi1pk: serviceRecords.catalogueIndex, gsi1sk: `${service.createdAt}#${service.serviceId}` };
}

export function dynamoServices(table: TableReads): Services {
  const exists = async (key: { pk: string; sk: string }) => (await table.get(key)) !== undefined;
  const pointerAt = async (key: { pk: string; sk: string }) => (await readParsed(table, key, pointerSchema))?.value;
  return {
    service: (serviceId) =>
      readParsedOrNotFound(table, serviceRecords.key(serviceId), serviceSchema, `service ${serviceId}`),
    serviceExists: (serviceId) => exists(serviceRecords.key(serviceId)),
    serviceWithPending: async (serviceId) => {
      const stored = await table.get(serviceRecords.key(serviceId));
      if (!stored) throw new NotFound(`no service ${serviceId}`);
      return {
        value: z.parseOrThrow(serviceSchema, stored.attributes),
        version: stored.version,
        pending: z.parseOrThrow(pendingSchema, stored.attributes.pendingRecipients ?? []),
      };
    },
    serviceWrite: (expectedVersion, service, pending) => ({
      key: serviceRecords.key(service.serviceId),
      expectedVersion,
      attributes: { ...service, ...(pending.length > 0 ? { pendingRecipients: pending } : {}) },
      index: catalogueEntry(service),
    }),
    catalogue: async (page) => {
      const found = await table.listByIndex(serviceRecords.catalogueIndex, { ...page, descending: true });
      return { ...found, items: found.items.map((entity) => z.parseOrThrow(serviceSchema, entity.attributes)) };
    },

    recipient: (serviceId, recipientId) =>
      readParsedOrNotFound(
        table,
        serviceRecords.recipientKey(serviceId, recipientId),
        recipientSchema,
        `recipient ${recipientId} in service ${serviceId}`,
      ),
    recipients: async (serviceId) => {
      const items = await table.listByPrefix(serviceRecords.key(serviceId).pk, serviceRecords.recipientPrefix);
      return items.map((item) => z.parseOrThrow(recipientSchema, item.attributes));
    },
    recipientWrite: (loaded, next) => {
      const companions = unservedQueueWrites(loaded, next);
      return {
        key: serviceRecords.recipientKey(next.serviceId, next.recipientId),
        expectedVersion: loaded.version,
        attributes: withoutUndefined({ ...next, attempts: next.attempts.map(withoutUndefined) }),
        ...(next.status === 'unserved'
          ? {
              index: {
                gsi1pk: serviceRecords.awaitingAddressIndex(next.personHash),
                gsi1sk: `${unservedSince(next)}#${next.serviceId}#${next.recipientId}`,
              },
            }
          : {}),
        ...(companions.length > 0 ? { companions } : {}),
      };
    },
    unservedQueue: async (page) => {
      const found = await table.listByIndex(serviceRecords.unservedQueueIndex, page);
      return { ...found, items: found.items.map((entity) => z.parseOrThrow(unservedEntrySchema, entity.attributes)) };
    },
    awaitingAddress: async (personHash, page) => {
      const found = await table.listByIndex(serviceRecords.awaitingAddressIndex(personHash), page);
      return { ...found, items: found.items.map((entity) => z.parseOrThrow(awaitingSchema, entity.attributes)) };
    },

    attemptOfToken: (tokenHash) => pointerAt(serviceRecords.tokenKey(tokenHash)),
    attemptOfReference: (reference) => pointerAt(serviceRecords.referenceKey(reference)),
    attemptPointerWrites: (tokenHash, reference, pointer) => [
      { key: serviceRecords.tokenKey(tokenHash), expectedVersion: 0, attributes: { ...pointer } },
      { key: serviceRecords.referenceKey(reference), expectedVersion: 0, attributes: { ...pointer } },
    ],
    codeTriesName: (tokenHash) => serviceRecords.tokenKey(tokenHash).pk,
    portalSession: async (sessionId) => {
      const parsed = portalSessionSchema.safeParse(
        (await table.get(serviceRecords.portalSessionKey(sessionId)))?.attributes,
      );
      return parsed.success ? parsed.data : undefined;
    },
    portalSessionWrite: (sessionId, session) => ({
      key: serviceRecords.portalSessionKey(sessionId),
      expectedVersion: 0,
      attributes: {
        tokenHash: session.tokenHash,
        validUntil: session.validUntil,
        // DynamoDB's TTL removes the item a day after it stopped working.
        expiresAt: Math.floor(Date.parse(session.validUntil) / 1000) + 86_400,
        sealed: session.sealed,
      },
    }),

    recordedHeads: async (serviceId, recipientId) => {
      const items = await table.listByPrefix(
        serviceRecords.key(serviceId).pk,
        serviceRecords.recordedHeadPrefix(recipientId),
      );
      return items.map((item) => z.parseOrThrow(recordedHeadSchema, item.attributes));
    },
    headRecorded: (serviceId, recipientId, seq) => exists(serviceRecords.recordedHeadKey(serviceId, recipientId, seq)),
    recordedHeadWrite: (serviceId, head) => ({
      key: serviceRecords.recordedHeadKey(serviceId, head.recipientId, head.seq),
      expectedVersion: 0,
      attributes: withoutUndefined({ ...head }),
    }),
    completionRecorded: (serviceId) => exists(serviceRecords.completedMarkerKey(serviceId)),
    completionWrite: (serviceId, completedAt) => ({
      key: serviceRecords.completedMarkerKey(serviceId),
      expectedVersion: 0,
      attributes: { serviceId, completedAt },
    }),

    addressBook: async (personHash) => {
      const stored = await table.get(serviceRecords.bookKey(personHash));
      if (!stored) return { value: [], version: 0 };
      return { value: z.parseOrThrow(bookSchema, stored.attributes).addresses, version: stored.version };
    },
    addressBookWrite: (loaded, personHash, addresses) => ({
      key: serviceRecords.bookKey(personHash),
      expectedVersion: loaded.version,
      attributes: { personHash, addresses: addresses.map(withoutUndefined) },
    }),
  };
}
