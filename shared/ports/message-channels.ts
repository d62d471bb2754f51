/** The provider accepted the message; its id correlates delivery receipts. */
export interface SendAccepted {
  providerMessageId: string;
}

export interface SmsMessage {
  /** E.164 phone number. */
  to: string;
  text: string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Sender display name, e.g. the court's name. */
  fromName?: string;
  /**
   * The platform's id of this message (one per attempt). The provider echoes it in its delivery
   * events (an SES message tag), so a receipt is matched even when the provider's own id was
   * never recorded (a crash between the provider's answer and the record of `sent`).
   */
  platformMessageId?: string;
}

export interface SmsChannel {
  send(message: SmsMessage): Promise<SendAccepted>;
}

export interface EmailChannel {
  send(message: EmailMessage): Promise<SendAccepted>;
}

/**
 * Thrown by a channel when the provider certainly did not accept the message (throttling, a 5xx
 * before acceptance, a connection refused): safe to retry.
 */
export class SendNotAccepted extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'SendNotAccepted';
    this.retryable = options.retryable;
  }
}

/** Thrown when we cannot tell whether the provider accepted the message (a timeout after sending). */
export class SendOutcomeUnknown extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SendOutcomeUnknown';
  }
}
