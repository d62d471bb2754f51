import type { People } from '../../ports/people';
import type { TableReads } from '../../ports/table';

/**
 * A person or company exists once on the platform, under the keyed look-up hash of its ID number
 * (DESIGN.md, Identity): its record `PERSON#<hash>` / `ROOT`; its address book (service-records.ts)
 * and its court memberships share its partition.
 *
 * Court memberships: an item per (court, person, dispute), `PERSON#<hash>` /
 * `COURT#<courtId>#CASE#<disputeId>`, written in the same change that ties the dispute to the court
 * (filing with a `courtId`, or a confirmation request). Checking access is then one strongly
 * consistent query on the person's partition, with no scan over the court's disputes.
 */
export const personRecords = {
  key: (lookupHash: string) => ({ pk: `PERSON#${lookupHash}`, sk: 'ROOT' }),
  courtMembershipKey: (personHash: string, courtId: string, disputeId: string) => ({
    pk: `PERSON#${personHash}`,
    sk: `COURT#${courtId}#CASE#${disputeId}`,
  }),
  courtMembershipPrefix: (courtId: string) => `COURT#${courtId}#`,
};

export function dynamoPeople(table: TableReads): People {
  return {
    person: async (personHash) => {
      const stored = await table.get(personRecords.key(personHash));
      return stored ? { value: stored.attributes, version: stored.version } : undefined;
    },
    personWrite: (expectedVersion, personHash, attributes) => ({
      key: personRecords.key(personHash),
      expectedVersion,
      attributes,
    }),
    courtMembershipWrites: (courtId, disputeId, personHashes) =>
      [...new Set(personHashes)].map((personHash) => ({
        key: personRecords.courtMembershipKey(personHash, courtId, disputeId),
        expectedVersion: 0,
        attributes: { courtId, disputeId },
      })),
    courtMembershipExists: async (personHash, courtId, disputeId) =>
      (await table.get(personRecords.courtMembershipKey(personHash, courtId, disputeId))) !== undefined,
    isPartyOfCourt: async (personHash, courtId) => {
      const items = await table.listByPrefix(
        personRecords.key(personHash).pk,
        personRecords.courtMembershipPrefix(courtId),
      );
      return items.length > 0;
    },
  };
}
