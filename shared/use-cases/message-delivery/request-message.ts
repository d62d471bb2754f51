import { defaultReceiptTimeoutSeconds } from '../../domain/message-delivery';
import type { MessageContent, MessageRecord } from '../../domain/messages/message-record';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { EntityWrite, OutboxMessage, StateChange, StateStore } from '../../ports/state-store';

export const messageRequestedType = 'message.requested';

export interface MessageRequest {
  /** The case (or roster entity) chain whose timeline records the message's life. */
  chainId: string;
  purpose: string;
  content: MessageContent;
  actor: Principal;
  /** Overrides the channel's receipt deadline (tests; urgent notices). */
  receiptTimeoutSeconds?: number;
  /** Codes and link tokens in the text: masked in the stored message once it is sent. */
  secrets?: string[];
  /** Emitted (as an outbox item) when a delivery event settles the message. */
  onSettled?: { type: string; payload: Record<string, unknown> };
  /**
   * The message's id when the caller must name it: a consumer that may run twice derives it from
   * its outbox item, so the second run finds the message there and sends nothing.
   */
  messageId?: string;
  /** The reference code printed in the text, and the sender /verify names for it. */
  reference?: { code: string; issuer: string };
}

export interface RequestedMessage {
  messageId: string;
  /** The message entity's create. */
  write: EntityWrite;
  /** `write` and, for a message with a reference code, the pointer /verify finds it by. */
  writes: EntityWrite[];
  /** The side effect that starts its delivery. */
  outbox: OutboxMessage;
  /** `write`, an event and `outbox` as one change, ready to commit; or fold write and outbox into a larger change. */
  change: StateChange;
}

/**
 * Request a message: the message entity is created `pending` in the given chain, and an outbox item
 * `message.requested` asks for its delivery. Nothing is sent here: the send happens once, in the
 * MessageDelivery workflow that the outbox consumer starts, after this change is committed.
 */
export function requestMessage(
  deps: { ids: Ids; clock: Clock; store: Pick<StateStore, 'messages'> },
  request: MessageRequest,
): RequestedMessage {
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
