import type { MessageStatus } from '../domain/message-delivery';

/*
 * A message's delivery steps, as a capability the message-delivery feature lends the workflows that
 * send messages as part of their own steps (ServiceDelivery sends each attempt's message and waits
 * for its receipt in its own state machine). The composition roots bind them once
 * (`messageTasksOf` in message delivery) over the channels, the rate limiter and the SMS logs.
 */

export interface SendResult {
  status: MessageStatus;
  /** Whether the workflow must wait for a delivery receipt next. */
  awaitReceipt: boolean;
  /** What is left of the receipt deadline, in whole seconds (at least 1). */
  receiptTimeoutSeconds: number;
}

export interface SendReconciliation {
  status: MessageStatus;
  /**
   * The provider's records of the send (undefined: not looked): for an SMS, the delivery-status
   * records for its number inside its send window; for an email, its SES `Send` event (0 or 1).
   */
  logsInWindow?: number;
}

/** How an `unknown` send past its receipt deadline ended (see `resolveUnknownSend`). */
export interface UnknownSendResolution extends SendReconciliation {
  /** Queued again (`pending`): it provably never left and had a resend left. */
  resend: boolean;
}

export interface MessageTasks {
  /** Sends the message at most once; throws `MessageSendRetryable` when it may be tried again later. */
  send(input: { messageId: string }): Promise<SendResult>;
  /**
   * Keeps the workflow's task token on a sent message so its receipt completes the wait (or
   * completes it now, when the outcome is known); throws `MessageUnexpectedStatus` when the message
   * is neither sent nor awaiting a receipt.
   */
  awaitReceipt(input: { messageId: string; taskToken: string }): Promise<{ completed: boolean }>;
  /**
   * Records that the wait for the receipt reached its deadline (`no_receipt`, unless a receipt won
   * the race). A receipt that completes the wait was recorded by its consumer: no step follows it.
   */
  recordNoReceipt(input: { messageId: string }): Promise<{ status: MessageStatus }>;
  /**
   * For a send that is `unknown` past its receipt deadline: settles an SMS from the carrier's
   * delivery-status records when they prove it, and counts the provider's records of the send;
   * then queues it again (up to `maxResends` times) when it never left, or closes it (secrets
   * masked).
   */
  resolveUnknownSend(input: { messageId: string; maxResends: number }): Promise<UnknownSendResolution>;
}

/**
 * Errors a message task throws on purpose. Their `name` is what Step Functions matches in Retry
 * and Catch (a Lambda error's type is the thrown error's name), so the state machine definitions
 * refer to these names, never to string copies.
 */
export const messageTaskErrors = {
  /** The provider certainly did not take the message (throttling, a 5xx before acceptance): retry. */
  sendRetryable: 'MessageSendRetryable',
  /** The workflow reached a step the message's status does not allow: a bug or a manual edit. */
  unexpectedStatus: 'MessageUnexpectedStatus',
} as const;

export class MessageSendRetryable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = messageTaskErrors.sendRetryable;
  }
}

export class MessageUnexpectedStatus extends Error {
  constructor(message: string) {
    super(message);
    this.name = messageTaskErrors.unexpectedStatus;
  }
}
