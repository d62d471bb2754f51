import type { MessageChannel } from '../domain/message-delivery';
import type { MessageRecord } from '../domain/messages/message-record';
import type { EntityWrite } from './table';

export interface LoadedMessage {
  message: MessageRecord;
  version: number;
}

/**
 * Messages the platform sends, found by their id, by the provider's id once sent (a receipt names
 * only that), and by the reference code printed in them (GET /verify).
 */
export interface Messages {
  /** The message, or NotFound. */
  message(messageId: string): Promise<LoadedMessage>;
  /** The message, if it exists. */
  findMessage(messageId: string): Promise<LoadedMessage | undefined>;
  /** The write that replaces the message with `next`, conditional on the version it was read at (0: create). */
  messageWrite(loaded: { version: number }, next: MessageRecord): EntityWrite;
  /** Finds the message a provider's receipt is about; written with the `sent` status. */
  providerLookupWrite(channel: MessageChannel, providerMessageId: string, messageId: string): EntityWrite;
  messageIdByProvider(channel: MessageChannel, providerMessageId: string): Promise<string | undefined>;
  /** Where /verify finds a message (other than a service attempt) by the reference code it printed. */
  referenceWrite(reference: { code: string; issuer: string }, messageId: string): EntityWrite;
  messageByReference(reference: string): Promise<{ messageId: string; issuer: string } | undefined>;
}
