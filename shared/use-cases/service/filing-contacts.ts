import type { CaseParty } from '../../domain/mediation/case-party';
import type { Dispute } from '../../domain/mediation/dispute';
import { isRole, type Principal } from '../../domain/principal';
import type { AddressSource } from '../../domain/service/address';
import { validateBatch } from '../../domain/service/address-book';
import type { Ids } from '../../ports/ids';
import type { OutboxHandler } from '../../ports/outbox';
import type { StateStore } from '../../ports/state-store';
import * as z from '../../validation/zod-mini';
import { commitToBook } from './party-addresses';

/**
 * On `dispute.contacts_given` (a filing committed): the contacts given at filing become service
 * addresses, by who gave them (DESIGN.md, "Who gives an address decides its source"):
 * - the filing party's own contact and address for service are `recipient_designated`, only when
 *   its consent was recorded at filing (which needs its verified identity); unverified, a filer's
 *   own contact is no designation and is not added;
 * - a contact given for another party (by the filing party, or by an operator filing for the
 *   parties) is `other_party_provided` for that party.
 * Observed at the filing's time with the filing as reference, so a re-delivered item merges into
 * the same observations and writes nothing.
 */
export function onContactsGiven(deps: { store: StateStore; ids: Ids }): OutboxHandler {
  return async (item) => {
    const { disputeId } = z.parseOrThrow(payloadSchema, item.payload);
    const { dispute } = await deps.store.disputes.dispute(disputeId);
    for (const party of await deps.store.disputes.parties(disputeId)) {
      const given = contactsOf(dispute, party);
      if (!given) continue;
      const batch = validateBatch(
        given.values.map((value) => ({
          ...value,
          source: given.source,
          observedAt: dispute.createdAt,
          reference: `filing:${disputeId}`,
        })),
        { defaultRegion: 'CN' },
      );
      // The route validated every contact; one that no longer normalizes is skipped, not retried forever.
      if (!batch.ok || batch.candidates.length === 0) continue;
      await commitToBook(deps, party.personHash, batch.candidates, filerOf(dispute));
    }
  };
}

function contactsOf(
  dispute: Dispute,
  party: CaseParty,
): { source: AddressSource; values: Array<{ channel: 'sms' | 'email'; value: string }> } | undefined {
  const filedByItself = dispute.filedBy.role === 'party' && party.subjectId === dispute.filedBy.subjectId;
  if (filedByItself && !party.consent) return undefined;
  const contacts = filedByItself ? [party.contact, party.serviceAddress ?? {}] : [party.contact];
  const values = contacts.flatMap((contact) => [
    ...(contact.phone ? [{ channel: 'sms' as const, value: contact.phone }] : []),
    ...(contact.email ? [{ channel: 'email' as const, value: contact.email }] : []),
  ]);
  return { source: filedByItself ? 'recipient_designated' : 'other_party_provided', values };
}

/** Who gave the contacts: the filer (a party or an operator). */
function filerOf(dispute: Dispute): Principal {
  const { role, subjectId } = dispute.filedBy;
  return { role: isRole(role) ? role : 'operator', subjectId };
}

const payloadSchema = z.object({ disputeId: z.string().check(z.minLength(1)) });
