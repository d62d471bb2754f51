import { disputeCategories } from '../../domain/mediation/categories';
import { type Mediator, mediatorChainId } from '../../domain/mediation/mediator';
import { type Court, type CourtClient, courtChainId, courtLevels } from '../../domain/roster/court';
import { type Organization, organizationChainId, organizationKinds } from '../../domain/roster/organization';
import type { Roster } from '../../ports/roster';
import type { Page, TableReads } from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { attributesOf, readParsed } from './entity-attributes';

/**
 * How roster entities sit in the store: each its own aggregate (its root item carries its chain),
 * listed by name on the roster index. A mediator's Cognito `sub` is claimed by a unique item, so
 * one person cannot be two mediators; a court's API client likewise.
 */
export const courtRecords = {
  key: (courtId: string) => ({ pk: courtChainId(courtId), sk: 'ROOT' }),
  rosterIndex: 'ROSTER#court',
  clientIndex: (clientId: string) => ({ pk: `COURT_CLIENT#${clientId}`, sk: 'COURT_CLIENT' }),
};

export const organizationRecords = {
  key: (id: string) => ({ pk: organizationChainId(id), sk: 'ROOT' }),
  rosterIndex: 'ROSTER#organization',
};

export const mediatorRecords = {
  key: (id: string) => ({ pk: mediatorChainId(id), sk: 'ROOT' }),
  rosterIndex: 'ROSTER#mediator',
  subjectKey: (subjectId: string) => ({ pk: `MEDIATOR_SUBJECT#${subjectId}`, sk: 'MEDIATOR_SUBJECT' }),
};

// Roster items are read loose: attributes an older writer kept beside the entity survive a rewrite.
const courtSchema: z.ZodMiniType<Court> = z.looseObject({
  id: z.string(),
  name: z.string(),
  level: z.enum(courtLevels),
  regionCode: z.string(),
  jurisdiction: z.object({ regions: z.array(z.string()), caseTypes: z.array(z.string()) }),
  clientId: z.optional(z.string()),
  previousClientId: z.optional(z.string()),
  previousClientRetiresAt: z.optional(z.string()),
  credentialsRevokedAt: z.optional(z.string()),
  createdAt: z.string(),
});

const courtClientSchema: z.ZodMiniType<CourtClient> = z.object({
  courtId: z.string(),
  revokedAt: z.optional(z.string()),
  retiresAt: z.optional(z.string()),
});

const organizationSchema: z.ZodMiniType<Organization> = z.looseObject({
  id: z.string(),
  name: z.string(),
  kind: z.enum(organizationKinds),
  regionCode: z.string(),
  linkedCourtIds: z.array(z.string()),
  createdAt: z.string(),
});

const categoryRecordSchema = z.object({ settled: z.number(), closed: z.number() });

const mediatorSchema: z.ZodMiniType<Mediator> = z.looseObject({
  id: z.string(),
  subjectId: z.string(),
  name: z.string(),
  contact: z.object({ phone: z.optional(z.string()), email: z.optional(z.string()) }),
  organizationId: z.string(),
  specialties: z.array(z.enum(disputeCategories)),
  languages: z.array(z.string()),
  regions: z.array(z.string()),
  online: z.boolean(),
  capacity: z.number(),
  activeCases: z.number(),
  leave: z.array(z.object({ from: z.string(), to: z.string() })),
  crossBorderQualified: z.boolean(),
  conflicts: z.array(z.string()),
  record: z.partialRecord(z.enum(disputeCategories), categoryRecordSchema),
  responseHoursMedian: z.optional(z.number()),
  rating: z.optional(z.object({ mean: z.number(), count: z.number() })),
  createdAt: z.optional(z.string()),
});

const claimSchema = z.object({ mediatorId: z.string() });

export function dynamoRoster(table: TableReads): Roster {
  const listed = async <T>(index: string, schema: z.ZodMiniType<T>, page: { limit: number; cursor?: string }) => {
    const result = await table.listByIndex(index, page);
    return { ...result, items: result.items.map((item) => z.parseOrThrow(schema, item.attributes)) } satisfies Page<T>;
  };
  const whole = async <T>(index: string, schema: z.ZodMiniType<T>): Promise<T[]> => {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await listed(index, schema, { limit: 1000, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return all;
  };
  const byName = (index: string, entity: { name: string; id: string }) => ({
    gsi1pk: index,
    gsi1sk: `${entity.name}#${entity.id}`,
  });
  return {
    court: (courtId) => readParsed(table, courtRecords.key(courtId), courtSchema),
    courtWrite: (expectedVersion, court) => ({
      key: courtRecords.key(court.id),
      expectedVersion,
      attributes: attributesOf(court),
      index: byName(courtRecords.rosterIndex, court),
    }),
    courts: (page) => listed(courtRecords.rosterIndex, courtSchema, page),
    allCourts: () => whole(courtRecords.rosterIndex, courtSchema),
    courtClient: (clientId) => readParsed(table, courtRecords.clientIndex(clientId), courtClientSchema),
    courtClientWrite: (expectedVersion, clientId, client) => ({
      key: courtRecords.clientIndex(clientId),
      expectedVersion,
      attributes: attributesOf(client),
    }),
    courtIdOfClient: async (clientId) =>
      (await readParsed(table, courtRecords.clientIndex(clientId), courtClientSchema))?.value.courtId,

    organization: (id) => readParsed(table, organizationRecords.key(id), organizationSchema),
    organizationWrite: (expectedVersion, organization) => ({
      key: organizationRecords.key(organization.id),
      expectedVersion,
      attributes: attributesOf(organization),
      index: byName(organizationRecords.rosterIndex, organization),
    }),
    organizations: (page) => listed(organizationRecords.rosterIndex, organizationSchema, page),

    mediator: (id) => readParsed(table, mediatorRecords.key(id), mediatorSchema),
    mediatorWrite: (expectedVersion, mediator) => ({
      key: mediatorRecords.key(mediator.id),
      expectedVersion,
      attributes: attributesOf(mediator),
      index: byName(mediatorRecords.rosterIndex, mediator),
    }),
    mediators: (page) => listed(mediatorRecords.rosterIndex, mediatorSchema, page),
    allMediators: () => whole(mediatorRecords.rosterIndex, mediatorSchema),
    mediatorSubjectWrite: (subjectId, mediatorId) => ({
      key: mediatorRecords.subjectKey(subjectId),
      expectedVersion: 0,
      attributes: { mediatorId },
    }),
    mediatorIdOfSubject: async (subjectId) =>
      (await readParsed(table, mediatorRecords.subjectKey(subjectId), claimSchema))?.value.mediatorId,
  };
}
