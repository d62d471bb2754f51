import * as z from 'zod';
import { AlreadyExists } from '../../domain/errors';
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
    const recipientChain = await deps.store.readChain(serviceRecords.recipientChainId(serviceId, recipientId));
    const { head } = recipientChain;
    if (head.seq === 0) return;
    const status = recipientChain.events.at(-1)?.data.status;
    try {
      await deps.store.commit({
        chainId: serviceRecords.chainId(serviceId),
        // Names this head once: a redelivered item finds it and records nothing again.
        writes: [
          {
            key: {
              pk: serviceRecords.key(serviceId).pk,
              sk: `RECORDED_HEAD#${recipientId}#${String(head.seq).padStart(10, '0')}`,
            },
            expectedVersion: 0,
            attributes: { recipientId, seq: head.seq, hash: head.hash },
          },
        ],
        event: {
          type: recipientHeadEventType,
          actor: serviceActor,
          data: { recipientId, seq: head.seq, hash: head.hash, ...(typeof status === 'string' ? { status } : {}) },
        },
      });
    } catch (error) {
      if (!(error instanceof AlreadyExists)) throw error;
    }
  };
}
