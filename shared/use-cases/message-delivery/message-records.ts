import * as z from 'zod';
import { NotFound } from '../../domain/errors';
import {
  type DeliveryEvent,
  type MessageChannel,
  type MessageStatus,
  messageChannels,
  messageStatuses,
} from '../../domain/message-delivery';
import type { Principal } from '../../domain/principal';
import type { EntityWrite, StateChange, StateStore } from '../../ports/state-store';

/** What the message says, per channel. */
export const messageContentSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('sms'), to: z.string().min(1), text: z.string().min(1) }),
  z.object({
    channel: z.literal('email'),
    to: z.string().min(1),
    subject: z.string().min(1),
    text: z.string().min(1),
    html: z.string().min(1),
    fromName: z.string().min(1).optional(),
  }),
]);
export type MessageContent = z.infer<typeof messageContentSchema>;

const statusSchema = z.enum(messageStatuses);

/** The message entity as stored. Parsed on every read: the table is shared, the shape is ours. */
export const messageRecordSchema = z.object({
  messageId: z.string(),
  chainId: z.string(),
  /** Why the message exists (`invitation`, `offer_notice`, ...): for people reading the timeline. */
  purpose: z.string(),
  content: messageContentSchema,
  status: statusSchema,
  stalledFrom: statusSchema.optional(),
  receiptTimeoutSeconds: z.number().int().positive(),
  createdAt: z.string(),
  providerMessageId: z.string().optional(),
  /** When the send was claimed: the provider cannot have had the message before. */
  claimedAt: z.string().optional(),
  /** When the send was recorded `unknown`: with `claimedAt`, the window in which it may have left. */
  unknownAt: z.string().optional(),
  sentAt: z.string().optional(),
  /** Absolute: a re-run waits only for what is left of it. */
  receiptDeadline: z.string().optional(),
  settledAt: z.string().optional(),
  failureReason: z.string().optional(),
  stall: z.object({ error: z.string(), cause: z.string(), at: z.string() }).optional(),
  /** The waiting workflow's task token; kept until replaced, a stale one is harmless. */
  taskToken: z.string().optional(),
  /**
   * Parts of the text that are secrets (a portal or join code, a link token): kept only until the
   * message can no longer be sent, then masked in the stored text (see `withoutSecrets`).
   */
  secrets: z.array(z.string().min(1)).optional(),
  /** An outbox item to emit when a delivery event settles the message (a late receipt may matter to its owner). */
  onSettled: z.object({ type: z.string().min(1), payload: z.record(z.string(), z.unknown()) }).optional(),
});
export type MessageRecord = z.infer<typeof messageRecordSchema>;

export interface LoadedMessage {
  message: MessageRecord;
  version: number;
}

/** The platform itself, as the actor of delivery events in a case's chain. */
export const deliveryActor: Principal = { role: 'operator', subjectId: 'platform:message-delivery' };

export const messageRecords = {
  key: (messageId: string) => ({ pk: `MESSAGE#${messageId}`, sk: 'MESSAGE' }),
  /** Finds the message a provider's receipt is about; written with the `sent` status. */
  providerLookupKey: (channel: MessageChannel, providerMessageId: string) => ({
    pk: `MESSAGE_PROVIDER#${channel}#${providerMessageId}`,
    sk: 'MESSAGE_PROVIDER',
  }),
  channels: messageChannels,
} as const;

export async function loadMessage(store: StateStore, messageId: string): Promise<LoadedMessage> {
  const stored = await store.get(messageRecords.key(messageId));
  if (!stored) throw new NotFound(`message ${messageId} does not exist`);
  return { message: messageRecordSchema.parse(stored.attributes), version: stored.version };
}

/** The write that replaces the message with `next`, conditional on the version it was read at. */
export function messageWrite(loaded: LoadedMessage, next: MessageRecord): EntityWrite {
  return { key: messageRecords.key(next.messageId), expectedVersion: loaded.version, attributes: stripUndefined(next) };
}

/**
 * One change of a message: its new state and the chain event naming it. Event data carries no
 * address or content (the chain is shown to courts and parties; the entity keeps the details).
 */
export function messageChange(
  loaded: LoadedMessage,
  next: MessageRecord,
  eventType: string,
  extra: { data?: Record<string, unknown>; writes?: EntityWrite[] } = {},
): StateChange {
  return {
    chainId: next.chainId,
    writes: [messageWrite(loaded, next), ...(extra.writes ?? [])],
    event: {
      type: eventType,
      actor: deliveryActor,
      data: { messageId: next.messageId, channel: next.content.channel, status: next.status, ...extra.data },
    },
  };
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

function stripUndefined(record: MessageRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

const secretMask = '••••••';

/**
 * The message once it will never be sent again (sent, failed, unknown, or stalled after its send
 * was claimed): its secrets masked in the stored text, so a code or link token lives in the table
 * only while the send may still happen.
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
