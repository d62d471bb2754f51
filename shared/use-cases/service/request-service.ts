import { createHash } from 'node:crypto';
import * as z from 'zod';
import { DomainError, InvalidInput, NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { Court } from '../../domain/roster/court';
import type { OutboxHandler } from '../../ports/outbox';
import type { EntityWrite } from '../../ports/state-store';
import type { WorkflowEngine } from '../../ports/workflows';
import { resolvePersonId } from '../people/person-id';
import { courtRecords } from '../roster/court-records';
import { courtMaySee, courtOfPrincipal } from './court-parties';
import type { ServiceHttpDeps } from './deps';
import {
  type DocumentKind,
  type RecipientRecord,
  recipientWrite,
  type ServiceRecord,
  serviceCatalogEntry,
  serviceRecords,
  serviceRequestedType,
} from './service-records';

/** The largest document served (issue 4, item 3). */
export const maxDocumentBytes = 4 * 1024 * 1024;

export interface ServiceRequest {
  document: { title: string; kind: DocumentKind; mediaType: string; content: Uint8Array };
  recipients: Array<{ personId: string }>;
}

/** A document over the limit: the route answers 413 (Content Too Large) before this is reached. */
export class DocumentTooLarge extends DomainError {
  readonly category = 'invalid' as const;
  readonly code = 'document_too_large';
}

/**
 * Serve a document (issue 4, item 3). The document is stored with its SHA-256, then the service
 * and one recipient per person are recorded `planned` in one change, whose outbox item starts a
 * `ServiceDelivery` workflow per recipient (execution name = recipient id, so a re-delivered item
 * starts nothing twice).
 *
 * Who: a court, for parties of its own cases (anyone else is "not found" to it); an operator, for
 * any person. Unknown persons are not found; nothing is written when any recipient is refused.
 *
 * Deviation from "HTTP functions only write state": the document goes to S3 here, through the
 * DocumentStore port, before the state change. The workflow and the proof need the stored bytes
 * and their hash before anything is sent, and the outbox has no room for 4 MB. An upload whose
 * commit then fails leaves an unreferenced object (harmless; a lifecycle rule can expire it).
 */
export async function requestService(
  deps: ServiceHttpDeps,
  principal: Principal,
  request: ServiceRequest,
): Promise<{ service: ServiceRecord; recipients: RecipientRecord[] }> {
  if (request.recipients.length === 0) throw new InvalidInput('a service needs at least one recipient');
  if (request.document.content.byteLength > maxDocumentBytes) {
    throw new DocumentTooLarge(`the document is larger than ${maxDocumentBytes} bytes`);
  }
  const personIds = request.recipients.map((recipient) => recipient.personId);
  if (new Set(personIds).size !== personIds.length) throw new InvalidInput('a person is named twice as a recipient');

  const court = principal.role === 'court' ? await loadCourt(deps, principal) : undefined;
  const hashes = await Promise.all(personIds.map((personId) => resolvePersonId(deps.store, personId)));
  if (court) {
    const visible = await Promise.all(hashes.map((hash) => courtMaySee(deps.store, court.id, hash)));
    const hidden = visible.findIndex((ok) => !ok);
    if (hidden >= 0) throw new NotFound(`no party ${personIds[hidden]}`);
  }
  if (!deps.documents) throw new Error('no document store is configured');

  const now = deps.clock.now().toISOString();
  const serviceId = deps.ids.next('srv');
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
    recipientIds: recipients.map((recipient) => recipient.recipientId),
    createdAt: now,
  };
  const writes: EntityWrite[] = [
    {
      key: serviceRecords.key(serviceId),
      expectedVersion: 0,
      attributes: { ...service },
      index: serviceCatalogEntry(service),
    },
    ...recipients.map((recipient) => recipientWrite({ version: 0 }, recipient)),
  ];
  await deps.store.commit({
    chainId: serviceRecords.chainId(serviceId),
    writes,
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
      },
    },
    outbox: [{ type: serviceRequestedType, payload: { serviceId, recipientIds: service.recipientIds } }],
  });
  return { service, recipients };
}

async function loadCourt(deps: ServiceHttpDeps, principal: Principal): Promise<Court> {
  const courtId = await courtOfPrincipal(deps.store, principal);
  const stored = await deps.store.get(courtRecords.key(courtId));
  if (!stored) throw new NotFound('no court is registered for this client');
  return courtRecords.fromEntity(stored);
}

/**
 * On `service.requested`, start one ServiceDelivery workflow per recipient, named by the
 * recipient's id: a re-delivered outbox item starts nothing a second time.
 */
export function onServiceRequested(deps: { workflows: WorkflowEngine }): OutboxHandler {
  return async (item) => {
    const { serviceId, recipientIds } = requestedSchema.parse(item.payload);
    for (const recipientId of recipientIds) {
      await deps.workflows.start('ServiceDelivery', recipientId, { serviceId, recipientId });
    }
  };
}

const requestedSchema = z.object({ serviceId: z.string().min(1), recipientIds: z.array(z.string().min(1)) });
