import { defaultReceiptTimeoutSeconds } from '../../domain/message-delivery';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { EntityWrite, OutboxMessage, StateChange } from '../../ports/state-store';
import { type MessageContent, type MessageRecord, messageRecords } from './message-records';

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
}

export interface RequestedMessage {
  messageId: string;
  /** The message entity's create. */
  write: EntityWrite;
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
export function requestMessage(deps: { ids: Ids; clock: Clock }, request: MessageRequest): RequestedMessage {
  const messageId = deps.ids.next('msg');
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
  const write: EntityWrite = { key: messageRecords.key(messageId), expectedVersion: 0, attributes: { ...message } };
  const outbox: OutboxMessage = { type: messageRequestedType, payload: { messageId } };
  return {
    messageId,
    write,
    outbox,
    change: {
      chainId: request.chainId,
      writes: [write],
      event: {
        type: messageRequestedType,
        actor: request.actor,
        data: { messageId, channel: request.content.channel, purpose: request.purpose },
      },
      outbox: [outbox],
    },
  };
}
