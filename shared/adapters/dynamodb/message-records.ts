import { NotFound } from '../../domain/errors';
import { type MessageChannel, messageStatuses } from '../../domain/message-delivery';
import type { MessageContent, MessageRecord } from '../../domain/messages/message-record';
import type { Messages } from '../../ports/messages';
import type { TableReads } from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { attributesOf, readParsed } from './entity-attributes';

/**
 * How messages sit in the store: one item per message (its own partition; its events go to the
 * chain it names), a lookup item per provider id once sent, and a pointer per printed reference.
 */
export const messageRecords = {
  key: (messageId: string) => ({ pk: `MESSAGE#${messageId}`, sk: 'MESSAGE' }),
  /** Finds the message a provider's receipt is about; written with the `sent` status. */
  providerLookupKey: (channel: MessageChannel, providerMessageId: string) => ({
    pk: `MESSAGE_PROVIDER#${channel}#${providerMessageId}`,
    sk: 'MESSAGE_PROVIDER',
  }),
  /** Where /verify finds a message (other than a service attempt) by the reference code it printed. */
  referenceKey: (reference: string) => ({ pk: `MESSAGE_REF#${reference}`, sk: 'MESSAGE_REF' }),
} as const;

const messageContentSchema: z.ZodMiniType<MessageContent> = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('sms'), to: z.string().check(z.minLength(1)), text: z.string().check(z.minLength(1)) }),
  z.object({
    channel: z.literal('email'),
    to: z.string().check(z.minLength(1)),
    subject: z.string().check(z.minLength(1)),
    text: z.string().check(z.minLength(1)),
    html: z.string().check(z.minLength(1)),
    fromName: z.optional(z.string().check(z.minLength(1))),
  }),
]);

const statusSchema = z.enum(messageStatuses);

/** The message entity as stored. Parsed on every read: the table is shared, the shape is ours. */
const messageRecordSchema: z.ZodMiniType<MessageRecord> = z.object({
  messageId: z.string(),
  chainId: z.string(),
  purpose: z.string(),
  content: messageContentSchema,
  status: statusSchema,
  stalledFrom: z.optional(statusSchema),
  receiptTimeoutSeconds: z.int().check(z.positive()),
  createdAt: z.string(),
  providerMessageId: z.optional(z.string()),
  claimedAt: z.optional(z.string()),
  unknownAt: z.optional(z.string()),
  resends: z.optional(z.int().check(z.positive())),
  sentAt: z.optional(z.string()),
  receiptDeadline: z.optional(z.string()),
  settledAt: z.optional(z.string()),
  failureReason: z.optional(z.string()),
  stall: z.optional(z.object({ error: z.string(), cause: z.string(), at: z.string() })),
  taskToken: z.optional(z.string()),
  secrets: z.optional(z.array(z.string().check(z.minLength(1)))),
  onSettled: z.optional(
    z.object({ type: z.string().check(z.minLength(1)), payload: z.record(z.string(), z.unknown()) }),
  ),
});

const providerLookupSchema = z.object({ messageId: z.string() });
const referenceSchema = z.object({
  messageId: z.string().check(z.minLength(1)),
  issuer: z.string().check(z.minLength(1)),
});

export function dynamoMessages(table: TableReads): Messages {
  const findMessage = async (messageId: string) => {
    const loaded = await readParsed(table, messageRecords.key(messageId), messageRecordSchema);
    return loaded ? { message: loaded.value, version: loaded.version } : undefined;
  };
  return {
    message: async (messageId) => {
      const loaded = await findMessage(messageId);
      if (!loaded) throw new NotFound(`message ${messageId} does not exist`);
      return loaded;
    },
    findMessage,
    messageWrite: (loaded, next) => ({
      key: messageRecords.key(next.messageId),
      expectedVersion: loaded.version,
      attributes: attributesOf(next),
    }),
    providerLookupWrite: (channel, providerMessageId, messageId) => ({
      key: messageRecords.providerLookupKey(channel, providerMessageId),
      expectedVersion: 0,
      attributes: { messageId },
    }),
    messageIdByProvider: async (channel, providerMessageId) =>
      (await readParsed(table, messageRecords.providerLookupKey(channel, providerMessageId), providerLookupSchema))
        ?.value.messageId,
    referenceWrite: (reference, messageId) => ({
      key: messageRecords.referenceKey(reference.code),
      expectedVersion: 0,
      attributes: { messageId, issuer: reference.issuer },
    }),
    messageByReference: async (reference) =>
      (await readParsed(table, messageRecords.referenceKey(reference), referenceSchema))?.value,
  };
}
