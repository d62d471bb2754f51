import { createHash } from 'node:crypto';
import { AlreadyExists, DomainError, InvalidInput, NotFound } from '../../domain/errors';
import { maxUploadBytes } from '../../domain/limits/upload-size';
import type { MessageLanguage } from '../../domain/messages/sms-texts';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Court } from '../../domain/roster/court';
import type { RecipientRecord } from '../../domain/service/recipient';
import {
  type DocumentKind,
  type PendingRecipient,
  type ServiceRecord,
  serviceActor,
  serviceRequestedType,
} from '../../domain/service/service';
import { serviceChainId } from '../../domain/service/service-chains';
import type { RecordService, ServiceRecording } from '../../ports/electronic-service';
import type { OutboxHandler } from '../../ports/outbox';
import type { WorkflowEngine } from '../../ports/workflows';
import * as z from '../../validation/zod-mini';
import { courtMaySee, courtOfPrincipal } from './court-parties';
import type { ServiceHttpDeps } from './deps';
import { resolvePersonId } from './person-id';

/** The largest document sent inline, base64 in the request's JSON (issue 4, item 3). */
export const maxDocumentBytes = 4 * 1024 * 1024;

/** The largest document served: an uploaded one, a court's ruling among them (issue 12, item 3). */
export const maxServedDocumentBytes = maxUploadBytes;

export interface ServiceRequest {
  document: { title: string; kind: DocumentKind; mediaType: string; content: Uint8Array };
  recipients: Array<{ personId: string }>;
  /** The recipients' language for the SMS texts (a ruling: the dispute's); Chinese when absent. */
  language?: MessageLanguage | undefined;
  /**
   * The id to create the service under, when the caller names it (a request with an
   * Idempotency-Key): a service that already has it is this request's own, created by an earlier
   * run that stopped before its answer was kept, and is answered as it stands, never made twice.
   */
  serviceId?: string;
}

/** A document over the limit: the route answers 413 (Content Too Large) before this is reached. */
export class DocumentTooLarge extends DomainError {
  readonly category = 'invalid' as const;
  readonly code = 'document_too_large';
}

/**
 * Serve a document (issue 4, item 3). The document is stored with its SHA-256, then the service
 * and one recipient per person are recorded `planned`, in chunks of `recipientsPerChunk` (one
 * DynamoDB transaction takes 100 items at most): the first change records the service, the first
 * chunk and the rest as pending on the service's root; each further change writes the next chunk
 * (`completeServiceCreation`, which the outbox finishes should this request stop mid-way). The
 * change that writes the last recipient carries the outbox item that starts a `ServiceDelivery`
 * workflow per recipient (execution name = recipient id, so a re-delivered item starts nothing
 * twice).
 *
 * Who: a court, for parties of its own cases (anyone else is "not found" to it); an operator, for
 * any person. Unknown persons are not found; nothing is written when any recipient is refused.
 *
 * Deviation from "HTTP functions only write state": the document goes to S3 here, through the
 * DocumentStore port, before the state change. The workflow and the proof need the stored bytes
 * and their hash before anything is sent, and the outbox has no room for a document (4 MB inline, 20 MB uploaded). An upload whose
 * commit then fails leaves an unreferenced object (harmless; a lifecycle rule can expire it).
 */
export async function requestService(
  deps: ServiceHttpDeps,
  principal: Principal,
  request: ServiceRequest,
): Promise<{ service: ServiceRecord; recipients: RecipientRecord[] }> {
  if (request.recipients.length === 0) throw new InvalidInput('a service needs at least one recipient');
  if (request.document.content.byteLength > maxServedDocumentBytes) {
    throw new DocumentTooLarge(`the document is larger than ${maxServedDocumentBytes} bytes`);
  }
  const personIds = request.recipients.map((recipient) => recipient.personId);
  if (new Set(personIds).size !== personIds.length) throw new InvalidInput('a person is named twice as a recipient');

  const earlier = request.serviceId === undefined ? undefined : await earlierRun(deps, principal, request.serviceId);
  if (earlier) return earlier;

  const court = principal.role === 'court' ? await loadCourt(deps, principal) : undefined;
  const hashes = await Promise.all(personIds.map((personId) => resolvePersonId(deps.store, personId)));
  if (court) {
    const visible = await Promise.all(hashes.map((hash) => courtMaySee(deps.store, court.id, hash)));
    const hidden = visible.findIndex((ok) => !ok);
    if (hidden >= 0) throw new NotFound(`no party ${personIds[hidden]}`);
  }
  return recordService(deps, principal, {
    serviceId: request.serviceId ?? deps.ids.next('srv'),
    ...(court ? { court } : {}),
    document: request.document,
    recipients: personIds.map((personId, index) => ({ personId, personHash: hashes[index] as string })),
    language: request.language,
  });
}

/**
 * The service an earlier run of the same request created under `serviceId`, its creation finished
 * if that run stopped between chunks, with its recipients in the order they were named; undefined
 * when there is none. Another principal's service of that id is refused, as a taken id.
 */
async function earlierRun(
  deps: ServiceHttpDeps,
  principal: Principal,
  serviceId: string,
): Promise<{ service: ServiceRecord; recipients: RecipientRecord[] } | undefined> {
  if (!(await deps.store.services.serviceExists(serviceId))) return undefined;
  const { value: service } = await deps.store.services.service(serviceId);
  const { role, subjectId } = service.requestedBy;
  if (role !== principal.role || subjectId !== principal.subjectId) {
    throw new AlreadyExists(`service ${serviceId} exists`);
  }
  await completeServiceCreation(deps, serviceId);
  const byId = new Map((await deps.store.services.recipients(serviceId)).map((r) => [r.recipientId, r]));
  const recipients = service.recipientIds.flatMap((recipientId) => byId.get(recipientId) ?? []);
  return { service, recipients };
}

/** The service feature's recording of a service under a known id, bound to its ports, for the rulings' service. */
export function serviceRecorderOf(deps: ServiceHttpDeps): RecordService {
  return (requestedBy, input) => recordService(deps, requestedBy, input);
}

/**
 * Record a service under `input.serviceId` (the lower half of `requestService`, which a ruling's
 * service calls directly): the document is stored, then the service and its recipients as
 * `requestService` describes. `requestedBy` is the principal the service is done for: the court
 * whose ruling it is, for a ruling.
 */
export async function recordService(
  deps: ServiceHttpDeps,
  requestedBy: Principal,
  input: ServiceRecording,
): Promise<{ service: ServiceRecord; recipients: RecipientRecord[] }> {
  const { serviceId, court, document } = input;
  if (document.content.byteLength > maxServedDocumentBytes) {
    throw new DocumentTooLarge(`the document is larger than ${maxServedDocumentBytes} bytes`);
  }
  if (!deps.documents) throw new Error('no document store is configured');
  const principal = requestedBy;
  const request = { document, language: input.language };
  const personIds = input.recipients.map((recipient) => recipient.personId);
  const hashes = input.recipients.map((recipient) => recipient.personHash);

  const now = deps.clock.now().toISOString();
  const stored = await deps.documents.put(
    `services/${serviceId}/document`,
    request.document.content,
    request.document.mediaType,
  );
  const sha256 = createHash('sha256').update(request.document.content).digest('hex');
  if (stored.sha256 !== sha256) throw new Error('the document store reported another hash than the content has');

  const recipients: RecipientRecord[] = personIds.map((personId, index) => ({
    recipientId: deps.ids.next('rcp'),
    serviceId,
    personId,
    personHash: hashes[index] as string,
    status: 'planned',
    timeouts: deps.settings.timeouts,
    createdAt: now,
    attempts: [],
  }));
  const service: ServiceRecord = {
    serviceId,
    document: {
      title: request.document.title,
      kind: request.document.kind,
      mediaType: request.document.mediaType,
      sha256,
      size: stored.size,
      key: stored.key,
    },
    requestedBy: { role: principal.role, subjectId: principal.subjectId },
    ...(court ? { courtId: court.id } : {}),
    issuer: court?.name ?? 'the dispute resolution platform',
    ...(request.language ? { language: request.language } : {}),
    recipientIds: recipients.map((recipient) => recipient.recipientId),
    createdAt: now,
  };
  const [firstChunk, ...laterChunks] = chunksOf(recipients, recipientsPerChunk);
  const pending = laterChunks.flat();
  await deps.store.commit({
    chainId: serviceChainId(serviceId),
    writes: [
      deps.store.services.serviceWrite(0, service, pending.map(pendingRecipient)),
      ...(firstChunk ?? []).map((recipient) => deps.store.services.recipientWrite({ version: 0 }, recipient)),
    ],
    event: {
      type: 'service.requested',
      actor: principal,
      data: {
        document: {
          title: service.document.title,
          kind: service.document.kind,
          mediaType: service.document.mediaType,
          sha256,
          size: stored.size,
        },
        issuer: service.issuer,
        recipients: recipients.map((recipient) => ({
          recipientId: recipient.recipientId,
          personId: recipient.personId,
        })),
        recorded: firstChunk?.length ?? 0,
      },
    },
    // All recipients in this one write: their workflows may start. Otherwise a consumer finishes
    // the creation should this request stop before its last chunk (a crash, a timeout).
    outbox: [
      pending.length === 0 ? requestedOutbox(service) : { type: serviceRecipientsPendingType, payload: { serviceId } },
    ],
  });
  if (pending.length > 0) await completeServiceCreation(deps, serviceId);
  return { service, recipients };
}

/** The most recipients one service takes (POST /v1/services answers 400 beyond). */
export const maxRecipientsPerService = 1000;

/**
 * Recipients written per change. With the service's root, the chain event and an outbox item a
 * change stays far under DynamoDB's 100 items (and 4 MB) per transaction.
 */
export const recipientsPerChunk = 50;

/** Outbox type: a service whose recipients are not all written yet (see `completeServiceCreation`). */
export const serviceRecipientsPendingType = 'service.recipients_pending';

/**
 * Write the recipients of a service that are still pending, one chunk per change, and with the
 * last chunk the `service.requested` outbox item that starts the deliveries. The pending
 * recipients wait on the service's root, so whoever runs this (the request that created the
 * service, or the outbox consumer after that request stopped mid-way) continues from what is
 * recorded; two running at once lose a race on the root's version and re-read, so every
 * recipient is written once and the deliveries start once. Nothing pending: nothing to do.
 */
export async function completeServiceCreation(
  deps: Pick<ServiceHttpDeps, 'store' | 'clock' | 'settings'>,
  serviceId: string,
): Promise<{ recorded: number }> {
  let recorded = 0;
  for (;;) {
    const written = await retryOnConflict(async () => {
      const { value: service, version, pending } = await deps.store.services.serviceWithPending(serviceId);
      if (pending.length === 0) return undefined;
      const chunk = pending.slice(0, recipientsPerChunk);
      const rest = pending.slice(recipientsPerChunk);
      await deps.store.commit({
        chainId: serviceChainId(serviceId),
        writes: [
          deps.store.services.serviceWrite(version, service, rest),
          ...chunk.map((entry) =>
            deps.store.services.recipientWrite(
              { version: 0 },
              {
                ...entry,
                serviceId,
                status: 'planned',
                timeouts: deps.settings.timeouts,
                createdAt: service.createdAt,
                attempts: [],
              },
            ),
          ),
        ],
        event: {
          type: 'service.recipients_recorded',
          actor: serviceActor,
          data: { recipientIds: chunk.map((entry) => entry.recipientId), remaining: rest.length },
        },
        ...(rest.length === 0 ? { outbox: [requestedOutbox(service)] } : {}),
        // Whoever comes next finishes a creation the service's root records as begun.
        finishesRecordedWork: true,
      });
      return chunk.length;
    });
    if (written === undefined) return { recorded };
    recorded += written;
  }
}

/** On `service.recipients_pending`: finish a creation its request may not have finished. */
export function onServiceRecipientsPending(deps: Pick<ServiceHttpDeps, 'store' | 'clock' | 'settings'>): OutboxHandler {
  return async (item) => {
    const { serviceId } = z.parseOrThrow(z.object({ serviceId: z.string().check(z.minLength(1)) }), item.payload);
    await completeServiceCreation(deps, serviceId);
  };
}

function pendingRecipient(recipient: RecipientRecord): PendingRecipient {
  return { recipientId: recipient.recipientId, personId: recipient.personId, personHash: recipient.personHash };
}

function requestedOutbox(service: ServiceRecord) {
  return { type: serviceRequestedType, payload: { serviceId: service.serviceId, recipientIds: service.recipientIds } };
}

function chunksOf<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

async function loadCourt(deps: ServiceHttpDeps, principal: Principal): Promise<Court> {
  const courtId = await courtOfPrincipal(deps.store, principal);
  const loaded = await deps.store.roster.court(courtId);
  if (!loaded) throw new NotFound('no court is registered for this client');
  return loaded.value;
}

/**
 * On `service.requested`, start one ServiceDelivery workflow per recipient, named by the
 * recipient's id: a re-delivered outbox item starts nothing a second time.
 */
export function onServiceRequested(deps: { workflows: WorkflowEngine }): OutboxHandler {
  return async (item) => {
    const { serviceId, recipientIds } = z.parseOrThrow(requestedSchema, item.payload);
    for (const recipientId of recipientIds) {
      await deps.workflows.start('ServiceDelivery', recipientId, { serviceId, recipientId });
    }
  };
}

const requestedSchema = z.object({
  serviceId: z.string().check(z.minLength(1)),
  recipientIds: z.array(z.string().check(z.minLength(1))),
});
