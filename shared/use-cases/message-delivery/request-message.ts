import { defaultReceiptTimeoutSeconds } from '../../domain/message-delivery';
import type { MessageRecord } from '../../domain/messages/message-record';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { MessageRequest, RequestedMessage, RequestMessage } from '../../ports/message-requests';
import type { OutboxMessage, StateStore } from '../../ports/state-store';

export const messageRequestedType = 'message.requested';

/** What a message request needs: names, time, and the store's message repository. */
export type MessageRequestDeps = { ids: Ids; clock: Clock; store: Pick<StateStore, 'messages'> };

/**
 * Request a message: the message entity is created `pending` in the given chain, and an outbox item
 * `message.requested` asks for its delivery. Nothing is sent here: the send happens once, in the
 * MessageDelivery workflow that the outbox consumer starts, after this change is committed.
 */
export function requestMessage(deps: MessageRequestDeps, request: MessageRequest): RequestedMessage {
  const messageId = request.messageId ?? deps.ids.next('msg');
  const message: MessageRecord = {
    messageId,
    chainId: request.chainId,
    purpose: request.purpose,
    content: request.content,
    status: 'pending',
    receiptTimeoutSeconds: request.receiptTimeoutSeconds ?? defaultReceiptTimeoutSeconds[request.content.channel],
    createdAt: deps.clock.now().toISOString(),
    ...(request.secrets && request.secrets.length > 0 ? { secrets: request.secrets } : {}),
    ...(request.onSettled ? { onSettled: request.onSettled } : {}),
  };
  const write = deps.store.messages.messageWrite({ version: 0 }, message);
  const outbox: OutboxMessage = { type: messageRequestedType, payload: { messageId } };
  const writes = request.reference
    ? [write, deps.store.messages.referenceWrite(request.reference, messageId)]
    : [write];
  return {
    messageId,
    write,
    writes,
    outbox,
    change: {
      chainId: request.chainId,
      writes,
      event: {
        type: messageRequestedType,
        actor: request.actor,
        data: {
          messageId,
          channel: request.content.channel,
          purpose: request.purpose,
          ...(request.reference ? { reference: request.reference.code } : {}),
        },
      },
      outbox: [outbox],
    },
  };
}

/**
 * `requestMessage` bound to its deps: what the composition roots hand to the other features
 * (disputes, offers, service, ...) that ask for messages, as their `requestMessage` port.
 */
export function messageRequests(deps: MessageRequestDeps): RequestMessage {
  return (request) => requestMessage(deps, request);
}
