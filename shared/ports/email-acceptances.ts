/**
 * SES's `Send` event for one email, as the platform keeps it: SES took the message for delivery.
 * It names the platform's message id (the send's message tag), so it ties to the message even when
 * the send's answer, and with it SES's id, was never recorded.
 */
export interface EmailAcceptance {
  platformMessageId: string;
  providerMessageId: string;
  /** When SES took it (ISO 8601). */
  at: string;
}

/** The `Send` events received, by the platform's message id: evidence for an email whose send is `unknown`. */
export interface EmailAcceptances {
  /** Keeps the event; a repeat changes nothing. */
  record(acceptance: EmailAcceptance): Promise<void>;
  /** The event for the message, if SES reported one. */
  find(platformMessageId: string): Promise<EmailAcceptance | undefined>;
}
