import type { MessageContent } from '../domain/messages/message-record';
import type { Principal } from '../domain/principal';
import type { EntityWrite, OutboxMessage, StateChange } from './state-store';

/*
 * Asking for a message, as a capability the message-delivery feature offers the others (disputes'
 * invitations, offers' notices, service attempts, milestones, signing links, rulings): they receive
 * a `RequestMessage` in their deps, wired by the composition roots, and never import the feature.
 */

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
 * Request a message: the message entity, created `pending` in the given chain, and the outbox item
 * that asks for its delivery, as writes to fold into the caller's change (or a change of its own).
 * Nothing is sent until that change is committed.
 */
export type RequestMessage = (request: MessageRequest) => RequestedMessage;
