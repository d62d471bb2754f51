import type { Principal } from '../../domain/principal';
import { type RecipientRecord, type RecipientStatus, recipientSettledType } from '../../domain/service/recipient';
import { serviceActor } from '../../domain/service/service';
import { recipientChainId } from '../../domain/service/service-chains';
import type { Services } from '../../ports/services';
import type { EntityWrite, OutboxMessage, StateChange, Versioned } from '../../ports/state-store';

/** Once a recipient's chain reaches one of these, the service's chain records its head. */
const settledStatuses = new Set<RecipientStatus>(['served', 'unserved', 'served_alternatively']);

/**
 * One change of a recipient, as an event of the recipient's own chain (no addresses or codes in
 * the data). A change that settles the recipient also asks, through the outbox, for the service's
 * chain to record the recipient's head, off the path of the recipient's own writes.
 */
export function recipientChange(
  store: { services: Services },
  loaded: Versioned<RecipientRecord>,
  next: RecipientRecord,
  eventType: string,
  extra: { data?: Record<string, unknown>; writes?: EntityWrite[]; actor?: Principal; outbox?: OutboxMessage[] } = {},
): StateChange {
  const settled = settledStatuses.has(next.status)
    ? [{ type: recipientSettledType, payload: { serviceId: next.serviceId, recipientId: next.recipientId } }]
    : [];
  const outbox = [...(extra.outbox ?? []), ...settled];
  return {
    chainId: recipientChainId(next.serviceId, next.recipientId),
    writes: [store.services.recipientWrite(loaded, next), ...(extra.writes ?? [])],
    event: {
      type: eventType,
      actor: extra.actor ?? serviceActor,
      data: { recipientId: next.recipientId, status: next.status, ...extra.data },
    },
    ...(outbox.length > 0 ? { outbox } : {}),
  };
}

/** The value without its undefined members (an event's data, like the store, keeps none). */
export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
