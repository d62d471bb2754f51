import type { DeliveryEvent, MessageStatus } from '../message-delivery';

/** What the message says, per channel. */
export type MessageContent =
  | { channel: 'sms'; to: string; text: string }
  | { channel: 'email'; to: string; subject: string; text: string; html: string; fromName?: string };

/** A message the platform sends: its content, its delivery state, and what settles it. */
export interface MessageRecord {
  messageId: string;
  chainId: string;
  /** Why the message exists (`invitation`, `offer_notice`, ...): for people reading the timeline. */
  purpose: string;
  content: MessageContent;
  status: MessageStatus;
  stalledFrom?: MessageStatus;
  receiptTimeoutSeconds: number;
  createdAt: string;
  providerMessageId?: string;
  /** When the send was claimed: the provider cannot have had the message before. */
  claimedAt?: string;
  /** When the send was recorded `unknown`: with `claimedAt`, the window in which it may have left. */
  unknownAt?: string;
  /** How many times the send was queued again after it provably never left (see `neverLeft`). */
  resends?: number;
  sentAt?: string;
  /** Absolute: a re-run waits only for what is left of it. */
  receiptDeadline?: string;
  settledAt?: string;
  failureReason?: string;
  stall?: { error: string; cause: string; at: string };
  /** The waiting workflow's task token; kept until replaced, a stale one is harmless. */
  taskToken?: string;
  /**
   * Parts of the text that are secrets (a portal or join code, a link token): kept only until the
   * message can no longer be sent, then masked in the stored text (see `withoutSecrets`).
   */
  secrets?: string[];
  /** An outbox item to emit when a delivery event settles the message (a late receipt may matter to its owner). */
  onSettled?: { type: string; payload: Record<string, unknown> };
}

/** The message after a delivery event settled it. */
export function settledBy(message: MessageRecord, status: MessageStatus, event: DeliveryEvent): MessageRecord {
  return {
    ...message,
    status,
    stalledFrom: undefined,
    settledAt: event.at,
    failureReason: event.kind === 'failed' ? event.reason : undefined,
  };
}

const secretMask = '••••••';

/**
 * The message once it will never be sent again (sent, failed, or an `unknown` send that left, or
 * may have, or has no resend left): its secrets masked in the stored text, so a code or link token
 * lives in the table only while the send may still happen. An `unknown` send keeps them until its
 * receipt deadline tells whether it left (`resolveUnknownSend`): one that never did is sent again.
 */
export function withoutSecrets(message: MessageRecord): MessageRecord {
  if (!message.secrets || message.secrets.length === 0) return message;
  const mask = (text: string) => maskSecrets(message, text);
  const content: MessageContent =
    message.content.channel === 'sms'
      ? { ...message.content, text: mask(message.content.text) }
      : {
          ...message.content,
          subject: mask(message.content.subject),
          text: mask(message.content.text),
          html: mask(message.content.html),
        };
  const { secrets: _secrets, ...rest } = message;
  return { ...rest, content };
}

/** `text` (the message's own, or an error about it) with every secret of the message masked. */
export function maskSecrets(message: MessageRecord, text: string): string {
  return message.secrets?.reduce((masked, secret) => masked.split(secret).join(secretMask), text) ?? text;
}
