import { publicPersonId } from '../../domain/identity/person-id';
import type { SignInLink } from '../../domain/identity/sign-in-link';
import type { PersonRecord } from '../../domain/people/person-record';
import type { People } from '../../ports/people';
import type { TableReads } from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { assuranceSchema, serviceConsentSchema } from './dispute-records';
import { attributesOf, readParsed } from './entity-attributes';

/**
 * A person or company exists once on the platform, under the keyed look-up hash of its ID number
 * (DESIGN.md, Identity): its record `PERSON#<hash>` / `ROOT`; its address book (service-records.ts)
 * and its court memberships share its partition.
 *
 * Court memberships: an item per (court, person, dispute), `PERSON#<hash>` /
 * `COURT#<courtId>#CASE#<disputeId>`, written in the same change that ties the dispute to the court
 * (filing with a `courtId`, or a confirmation request). Checking access is then one strongly
 * consistent query on the person's partition, with no scan over the court's disputes.
 *
 * Public ids: `PERSON_ID#<personId>` / `PERSON_ID` resolves a public person id to the look-up hash.
 *
 * Sign-in links (DESIGN.md, Identity → Sign-in): `SUB#<sub>` / `LINK` → the person, and
 * `PERSON#<hash>` / `LINKED_SUB` → the sub, each created once in one transaction.
 */
export const personRecords = {
  key: (lookupHash: string) => ({ pk: `PERSON#${lookupHash}`, sk: 'ROOT' }),
  courtMembershipKey: (personHash: string, courtId: string, disputeId: string) => ({
    pk: `PERSON#${personHash}`,
    sk: `COURT#${courtId}#CASE#${disputeId}`,
  }),
  courtMembershipPrefix: (courtId: string) => `COURT#${courtId}#`,
  personIdKey: (personId: string) => ({ pk: `PERSON_ID#${personId}`, sk: 'PERSON_ID' }),
  signInLinkBySub: (sub: string) => ({ pk: `SUB#${sub}`, sk: 'LINK' }),
  signInLinkByPerson: (personHash: string) => ({ pk: `PERSON#${personHash}`, sk: 'LINKED_SUB' }),
};

const signInLinkSchema: z.ZodMiniType<SignInLink> = z.object({
  personHash: z.string(),
  assurance: assuranceSchema,
  linkedAt: z.string(),
});

const personSchema: z.ZodMiniType<PersonRecord> = z.object({
  lookupHash: z.string(),
  kind: z.enum(['person', 'company']),
  name: z.string(),
  idMasked: z.string(),
  ciphertext: z.string(),
  createdAt: z.string(),
  serviceConsent: z.optional(serviceConsentSchema),
  identityDocumentCheck: z.optional(assuranceSchema),
});

const personIdSchema = z.object({ lookupHash: z.string() });

export function dynamoPeople(table: TableReads): People {
  return {
    person: (personHash) => readParsed(table, personRecords.key(personHash), personSchema),
    known: async (personHashes) => {
      const found = await table.getMany(personHashes.map(personRecords.key));
      return new Set(personHashes.filter((_, index) => found[index]));
    },
    personWrite: (expectedVersion, personHash, record) => ({
      key: personRecords.key(personHash),
      expectedVersion,
      attributes: attributesOf(record),
    }),
    personHashOf: async (personId) => {
      const found = await table.get(personRecords.personIdKey(personId));
      const parsed = personIdSchema.safeParse(found?.attributes);
      return parsed.success ? parsed.data.lookupHash : undefined;
    },
    personIdWrite: (lookupHash) => ({
      key: personRecords.personIdKey(publicPersonId(lookupHash)),
      expectedVersion: 0,
      attributes: { lookupHash },
    }),
    courtMembershipWrites: (courtId, disputeId, personHashes) =>
      [...new Set(personHashes)].map((personHash) => ({
        key: personRecords.courtMembershipKey(personHash, courtId, disputeId),
        expectedVersion: 0,
        attributes: { courtId, disputeId },
      })),
    courtMembershipExists: async (personHash, courtId, disputeId) =>
      (await table.get(personRecords.courtMembershipKey(personHash, courtId, disputeId))) !== undefined,
    signInLink: async (sub) => (await readParsed(table, personRecords.signInLinkBySub(sub), signInLinkSchema))?.value,
    signInLinkWrites: (sub, link) => [
      { key: personRecords.signInLinkBySub(sub), expectedVersion: 0, attributes: { ...link } },
      {
        key: personRecords.signInLinkByPerson(link.personHash),
        expectedVersion: 0,
        attributes: { sub, level: link.assurance.level, linkedAt: link.linkedAt },
      },
    ],
    isPartyOfCourt: async (personHash, courtId) => {
      const items = await table.listByPrefix(
        personRecords.key(personHash).pk,
        personRecords.courtMembershipPrefix(courtId),
      );
      return items.length > 0;
    },
  };
}
