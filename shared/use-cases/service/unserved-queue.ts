import { Forbidden, InvalidInput, NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { RecipientRecord } from '../../domain/service/recipient';
import type { ServiceRecord } from '../../domain/service/service';
import type { Page, StateStore, Versioned } from '../../ports/state-store';

/** A page of the queue holds at most this many recipients. */
export const maxUnservedPage = 200;

export interface UnservedEntry {
  serviceId: string;
  recipientId: string;
  personId: string;
  /** The person's key: the queue's pages look up the name and postal address with it (never shown). */
  personHash: string;
  issuer: string;
  title: string;
  kind: string;
  requestedAt: string;
  unservedAt: string;
  reason?: string;
  attempts: number;
}

/**
 * The operators' queue of unserved recipients waiting for alternative service (DESIGN.md: when all
 * addresses fail, the recipient is `unserved` and waits for post or public notice, which an
 * operator records), the longest waiting first, a page at a time. It reads the queue's own index,
 * which the recipient's write keeps in step (Services.recipientWrite), so a recipient of a service
 * requested years ago is in it as surely as one of a service requested a minute ago, however many
 * services lie between. The index is read eventually consistently: an entry whose recipient has
 * just left `unserved` may still be listed for a moment, and is left out here after its recipient
 * is read. No address and no document content appears; recipients are named by their public
 * person id.
 */
export async function unservedQueue(
  deps: { store: StateStore },
  principal: Principal,
  page: { limit: number; cursor?: string },
): Promise<Page<UnservedEntry>> {
  if (principal.role !== 'operator') throw new Forbidden('the unserved queue is for operators');
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > maxUnservedPage) {
    throw new InvalidInput(`a page of the unserved queue holds 1 to ${maxUnservedPage} recipients`);
  }
  const found = await deps.store.services.unservedQueue(page);
  const services = new Map<string, Promise<Versioned<ServiceRecord>>>();
  const serviceOf = (serviceId: string) => {
    let service = services.get(serviceId);
    if (!service) {
      service = deps.store.services.service(serviceId);
      services.set(serviceId, service);
    }
    return service;
  };
  const entries = await Promise.all(
    found.items.map(async ({ serviceId, recipientId }) => {
      const recipient = await stillUnserved(deps, serviceId, recipientId);
      return recipient ? entryOf((await serviceOf(serviceId)).value, recipient) : undefined;
    }),
  );
  const items = entries.filter((entry): entry is UnservedEntry => entry !== undefined);
  return found.cursor ? { items, cursor: found.cursor } : { items };
}

async function stillUnserved(
  deps: { store: StateStore },
  serviceId: string,
  recipientId: string,
): Promise<RecipientRecord | undefined> {
  try {
    const { value } = await deps.store.services.recipient(serviceId, recipientId);
    return value.status === 'unserved' ? value : undefined;
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
}

function entryOf(service: ServiceRecord, recipient: RecipientRecord): UnservedEntry {
  return {
    serviceId: service.serviceId,
    recipientId: recipient.recipientId,
    personId: recipient.personId,
    personHash: recipient.personHash,
    issuer: service.issuer,
    title: service.document.title,
    kind: service.document.kind,
    requestedAt: recipient.createdAt,
    unservedAt: recipient.unserved?.at ?? recipient.createdAt,
    ...(recipient.unserved ? { reason: recipient.unserved.reason } : {}),
    attempts: recipient.attempts.length,
  };
}
