import { NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { EntityWrite, StateStore } from '../../ports/state-store';
import { disputeRecords } from '../disputes/dispute-records';
import { courtRecords } from '../roster/court-records';
import { resolvePersonId } from './person-id';

/**
 * Which parties a court may see and serve (DESIGN.md: a court serves only parties of its own cases).
 *
 * Decision: a membership item per (court, person, dispute) in the person's partition,
 * `PERSON#<hash>` / `COURT#<courtId>#CASE#<disputeId>`, written in the same change that ties the
 * dispute to the court (filing with a `courtId`). Checking access is then one strongly consistent
 * query on the person's partition, with no scan over the court's disputes; keyed by dispute, so a
 * person in two cases of one court gets two items and neither write conflicts with the other.
 */
export const courtPartyRecords = {
  key: (personHash: string, courtId: string, disputeId: string) => ({
    pk: disputeRecords.personKey(personHash).pk,
    sk: `COURT#${courtId}#CASE#${disputeId}`,
  }),
  prefix: (courtId: string) => `COURT#${courtId}#`,
};

/** The membership items that let `courtId` see and serve the parties of `disputeId`. */
export function courtPartyWrites(courtId: string, disputeId: string, personHashes: readonly string[]): EntityWrite[] {
  return [...new Set(personHashes)].map((personHash) => ({
    key: courtPartyRecords.key(personHash, courtId, disputeId),
    expectedVersion: 0,
    attributes: { courtId, disputeId },
  }));
}

/** The court a court principal acts for (its app client id maps to it), or NotFound. */
export async function courtOfPrincipal(store: StateStore, principal: Principal): Promise<string> {
  const mapping = await store.get(courtRecords.clientIndex(principal.subjectId));
  const courtId = mapping?.attributes.courtId;
  if (typeof courtId !== 'string') throw new NotFound('no court is registered for this client');
  return courtId;
}

export async function courtMaySee(store: StateStore, courtId: string, personHash: string): Promise<boolean> {
  const items = await store.listByPrefix(disputeRecords.personKey(personHash).pk, courtPartyRecords.prefix(courtId));
  return items.length > 0;
}

/**
 * The person behind a public id, as far as `principal` may see: operators see every person; a court
 * only the parties of its own cases, and any other person does not exist for it (404, DESIGN.md).
 */
export async function visiblePerson(
  store: StateStore,
  principal: Principal,
  personId: string,
): Promise<{ personId: string; personHash: string; courtId?: string }> {
  const personHash = await resolvePersonId(store, personId);
  if (principal.role === 'operator') return { personId, personHash };
  if (principal.role === 'court') {
    const courtId = await courtOfPrincipal(store, principal);
    if (await courtMaySee(store, courtId, personHash)) return { personId, personHash, courtId };
  }
  throw new NotFound(`no party ${personId}`);
}
