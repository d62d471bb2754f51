import * as z from 'zod';
import type { OutboxHandler } from '../../ports/outbox';
import type { StateStore } from '../../ports/state-store';
import { serviceActor, serviceRecords } from './service-records';

/** The service chain's event that names a settled recipient's chain head. */
export const recipientHeadEventType = 'service.recipient_head';

const payloadSchema = z.object({ serviceId: z.string().min(1), recipientId: z.string().min(1) });

/**
 * DESIGN.md, Proof: a service's chain records its own events and its recipients' heads. Run from
 * the outbox when a recipient settles (served, unserved, served alternatively): the recipient's
 * writes never wait on the service's chain, and this write alone may (a redelivered item retries
 * it). The head recorded is the recipient chain's head when this runs, which includes the settling
 * event; a head already recorded is not recorded twice.
 */
export function onRecipientSettled(deps: { store: StateStore }): OutboxHandler {
  return async (item) => {
    const { serviceId, recipientId } = payloadSchema.parse(item.payload);
    const serviceChainId = serviceRecords.chainId(serviceId);
    const [recipientChain, serviceChain] = await Promise.all([
      deps.store.readChain(serviceRecords.recipientChainId(serviceId, recipientId)),
      deps.store.readChain(serviceChainId),
    ]);
    const { head } = recipientChain;
    const recorded = serviceChain.events.some(
      (event) =>
        event.type === recipientHeadEventType && event.data.recipientId === recipientId && event.data.seq === head.seq,
    );
    if (recorded || head.seq === 0) return;
    const status = recipientChain.events.at(-1)?.data.status;
    await deps.store.commit({
      chainId: serviceChainId,
      writes: [],
      event: {
        type: recipientHeadEventType,
        actor: serviceActor,
        data: { recipientId, seq: head.seq, hash: head.hash, ...(typeof status === 'string' ? { status } : {}) },
      },
    });
  };
}
