import { createHash } from 'node:crypto';
import { AlreadyExists, ConcurrentModification } from '../../domain/errors';
import { type CaseParty, messageAddressesOf } from '../../domain/mediation/case-party';
import { disputeChainId } from '../../domain/mediation/dispute';
import { milestoneEmail } from '../../domain/messages/milestone-emails';
import { milestoneReachedType } from '../../domain/messages/milestone-outbox';
import { newReferenceCode } from '../../domain/messages/reference-code';
import {
  type MessageLanguage,
  type MilestoneKind,
  messageLanguage,
  milestoneKinds,
  milestoneTexts,
  platformSignature,
  smsSignature,
} from '../../domain/messages/sms-texts';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { RequestedMessage, RequestMessage } from '../../ports/message-requests';
import type { OutboxHandler, OutboxItem } from '../../ports/outbox';
import type { PrepareSigningLink } from '../../ports/signing-links';
import type { EntityWrite, OutboxMessage, StateStore } from '../../ports/state-store';
import * as z from '../../validation/zod-mini';

export { milestoneReachedType };

const payloadSchema = z.object({
  milestone: z.enum(milestoneKinds),
  disputeId: z.string().check(z.minLength(1)),
  settlementId: z.optional(z.string().check(z.minLength(1))),
  courtId: z.optional(z.string().check(z.minLength(1))),
  /** The last day to apply for confirmation (settlement_effective). */
  applyBy: z.optional(z.string()),
  /** Only these parties are told; every party if absent. */
  toPartyIds: z.optional(z.array(z.string())),
});
type MilestonePayload = z.infer<typeof payloadSchema>;

export interface MilestoneDeps {
  store: StateStore;
  /** Asks message delivery for a message (ports/message-requests.ts). */
  requestMessage: RequestMessage;
  /** A settlement to sign carries a signing link: the settlements feature's (ports/signing-links.ts). */
  prepareSigningLink: PrepareSigningLink;
  /** The platform's public origin: each email's /verify address is absolute on it. */
  publicBaseUrl: string;
  /** Where a skipped party is reported (no contact to write to): the consumer's logger. */
  onSkipped?: (what: { milestone: MilestoneKind; disputeId: string; partyId: string; reason: string }) => void;
}

/** The platform as the actor of milestone messages in a case's chain. */
const milestoneActor: Principal = { role: 'operator', subjectId: 'platform:milestones' };

/**
 * On `milestone.reached`, tell every party of the dispute, by SMS and by email in the dispute's
 * language, at the contacts its record holds (its service address, else the contact given at
 * filing or joining): DESIGN.md "Messages to people". A party with neither is skipped and
 * reported, never a failure that would hold the item. Milestones are not counted against the
 * allowance for sends others trigger.
 *
 * Idempotent by message id: each party's messages are named from the outbox item, the party and
 * the channel, and committed together with their event; a redelivered item finds them and sends
 * nothing again. A settlement to sign carries a fresh signing link (revoking the party's previous
 * one), the same token and code in the SMS and the email.
 */
export function onMilestoneReached(deps: MilestoneDeps): OutboxHandler {
  return async (item) => {
    const payload = z.parseOrThrow(payloadSchema, item.payload);
    const { dispute } = await deps.store.disputes.dispute(payload.disputeId);
    const language = messageLanguage(dispute.language);
    const courtName = payload.courtId ? await courtNameOf(deps.store, payload.courtId) : undefined;
    for (const party of await deps.store.disputes.parties(payload.disputeId)) {
      if (payload.toPartyIds && !payload.toPartyIds.includes(party.partyId)) continue;
      const addresses = messageAddressesOf(party);
      if (addresses.length === 0) {
        deps.onSkipped?.({
          milestone: payload.milestone,
          disputeId: payload.disputeId,
          partyId: party.partyId,
          reason: 'no_contact',
        });
        continue;
      }
      await retryOnConflict(() =>
        announceTo(deps, item, payload, { party, addresses, language, ...(courtName ? { courtName } : {}) }),
      );
    }
  };
}

/**
 * Whether a document can be served on the person electronically, by the service's own rule
 * (service-delivery.ts: no electronic attempt without consent; only sms and email addresses not
 * marked invalid are tried): otherwise its recipient is left `unserved` at once.
 */
async function electronicallyServable(store: StateStore, personHash: string): Promise<boolean> {
  const [person, book] = await Promise.all([store.people.person(personHash), store.services.addressBook(personHash)]);
  if (!person?.value.serviceConsent) return false;
  return book.value.some(
    (address) => (address.channel === 'sms' || address.channel === 'email') && address.invalid !== true,
  );
}

/** The id of one party's milestone message on one channel: the same on every delivery of the item. */
export function milestoneMessageId(itemId: string, partyId: string, channel: 'sms' | 'email'): string {
  return `msg_m${createHash('sha256').update(`${itemId}:${partyId}:${channel}`).digest('hex').slice(0, 24)}`;
}

/** A party a milestone is announced to: its addresses, its language, the court's name where one decided. */
interface Addressee {
  party: CaseParty;
  addresses: Array<{ channel: 'sms' | 'email'; to: string }>;
  language: MessageLanguage;
  courtName?: string;
}

async function announceTo(
  deps: MilestoneDeps,
  item: OutboxItem,
  payload: MilestonePayload,
  to: Addressee,
): Promise<void> {
  const { party, addresses } = to;
  const messageIdFor = (channel: 'sms' | 'email') => milestoneMessageId(item.id, party.partyId, channel);
  // Announced on an earlier delivery of this item: its messages are in the store.
  const first = addresses[0] as { channel: 'sms' | 'email' };
  if (await deps.store.messages.findMessage(messageIdFor(first.channel))) return;

  // "Ruling sent" only to a party it can be sent to; the others are told why not and what to do.
  const told: MilestonePayload =
    payload.milestone === 'ruling_served' && !(await electronicallyServable(deps.store, party.personHash))
      ? { ...payload, milestone: 'ruling_not_served' }
      : payload;
  const prepared =
    told.milestone === 'settlement_to_sign'
      ? await signingLinkMessages(deps, told, to, messageIdFor)
      : plainMessages(deps, told, to, messageIdFor);
  if (!prepared) return;
  try {
    await deps.store.commit({
      chainId: disputeChainId(payload.disputeId),
      writes: prepared.writes,
      event: {
        type: 'milestone.announced',
        actor: milestoneActor,
        data: {
          milestone: told.milestone,
          partyId: party.partyId,
          messageIds: prepared.messageIds,
          outboxItemId: item.id,
        },
      },
      outbox: prepared.outbox,
    });
  } catch (error) {
    // Another delivery of the same item committed first: done, nothing to send again.
    if (error instanceof AlreadyExists && (await deps.store.messages.findMessage(messageIdFor(first.channel)))) {
      return;
    }
    if (error instanceof AlreadyExists) throw new ConcurrentModification('milestone messages raced', { cause: error });
    throw error;
  }
}

function plainMessages(
  deps: MilestoneDeps,
  payload: MilestonePayload,
  to: Addressee,
  messageIdFor: (channel: 'sms' | 'email') => string,
): { writes: EntityWrite[]; outbox: OutboxMessage[]; messageIds: string[] } {
  const caseReference = payload.disputeId.slice(-8);
  const signature = smsSignature(platformSignature);
  const messages: RequestedMessage[] = to.addresses.map((address) => {
    const reference = newReferenceCode('MS');
    const values = {
      signature,
      caseReference,
      reference,
      ...(payload.applyBy ? { applyBy: payload.applyBy } : {}),
      ...(to.courtName ? { courtName: to.courtName } : {}),
    };
    const content =
      address.channel === 'sms'
        ? { channel: 'sms' as const, to: address.to, text: milestoneTexts[payload.milestone][to.language](values) }
        : {
            channel: 'email' as const,
            to: address.to,
            ...milestoneEmail(payload.milestone, values, deps.publicBaseUrl),
            fromName: platformSignature,
          };
    return deps.requestMessage({
      chainId: disputeChainId(payload.disputeId),
      purpose: `milestone_${payload.milestone}`,
      content,
      actor: milestoneActor,
      messageId: messageIdFor(address.channel),
      reference: { code: reference, issuer: platformSignature },
    });
  });
  return {
    writes: messages.flatMap((message) => message.writes),
    outbox: messages.map((message) => message.outbox),
    messageIds: messages.map((message) => message.messageId),
  };
}

/**
 * The settlement to sign: a signing link for a party who has not signed the current version. A
 * settlement that moved on (new terms recorded, already effective, already signed by this party)
 * announces nothing: a later item speaks for the newer state.
 */
async function signingLinkMessages(
  deps: MilestoneDeps,
  payload: MilestonePayload,
  to: { party: CaseParty; addresses: Array<{ channel: 'sms' | 'email'; to: string }>; language: MessageLanguage },
  messageIdFor: (channel: 'sms' | 'email') => string,
): Promise<{ writes: EntityWrite[]; outbox: OutboxMessage[]; messageIds: string[] } | undefined> {
  if (!payload.settlementId) throw new Error('a settlement_to_sign milestone names its settlement');
  const { settlement } = await deps.store.settlements.settlement(payload.settlementId);
  if (settlement.status !== 'awaiting_signatures') return undefined;
  if (settlement.signatures.some((signature) => signature.partyId === to.party.partyId)) return undefined;
  return deps.prepareSigningLink({
    settlement,
    party: to.party,
    language: to.language,
    addresses: to.addresses,
    actor: milestoneActor,
    purpose: 'milestone_settlement_to_sign',
    messageIdFor,
  });
}

async function courtNameOf(store: StateStore, courtId: string): Promise<string | undefined> {
  return (await store.roster.court(courtId))?.value.name;
}
