/**
 * Errors a MessageDelivery task throws on purpose. Their `name` is what Step Functions matches in
 * Retry and Catch (a Lambda error's type is the thrown error's name), so the state machine
 * definition refers to these names, never to string copies.
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
