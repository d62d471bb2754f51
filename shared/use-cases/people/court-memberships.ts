import type { EntityWrite } from '../../ports/state-store';
import { personRecords } from './person-records';

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
    pk: personRecords.key(personHash).pk,
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
