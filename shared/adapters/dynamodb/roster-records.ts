import { type DisputeCategory, disputeCategories } from '../../domain/mediation/categories';
import { eligibilityPlaces, MAX_ELIGIBILITY_PLACES } from '../../domain/mediation/eligibility';
import type { RankedMediator } from '../../domain/mediation/matching';
import { type CategoryRecord, type Mediator, mediatorChainId } from '../../domain/mediation/mediator';
import { type Court, type CourtClient, courtChainId, courtLevels } from '../../domain/roster/court';
import { type Organization, organizationChainId, organizationKinds } from '../../domain/roster/organization';
import type { Roster, RosterTotals } from '../../ports/roster';
import {
  type CompanionWrite,
  everyItem,
  type ItemKey,
  type Page,
  type StoredEntity,
  type TableReads,
  type Versioned,
} from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { attributesOf, readParsed } from './entity-attributes';
import { shardOf } from './table-schema';

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
  /**
   * A mediator's listing under one category and place (domain/mediation/eligibility.ts): a partition
   * per category and place, an item per mediator in it, holding what ranking reads.
   */
  eligiblePartition: (category: string, place: string) => `ELIGIBLE#${category}#${place}`,
  eligibleSortPrefix: 'MEDIATOR#',
  eligibleKey: (category: string, place: string, mediatorId: string): ItemKey => ({
    pk: `ELIGIBLE#${category}#${place}`,
    sk: `MEDIATOR#${mediatorId}`,
  }),
  /**
   * The roster's totals: `mediators`, and `settled#{category}` / `closed#{category}` summed over
   * records, in a few shards (a mediator's changes add to the shard of its id), so concurrent
   * registrations and closings do not all contend for one item; read whole in one query.
   */
  totalsPartition: 'ROSTER_TOTALS',
  totalsShardPrefix: 'SHARD#',
  totalsKey: (mediatorId: string): ItemKey => ({
    pk: 'ROSTER_TOTALS',
    sk: `SHARD#${shardOf(mediatorId, rosterTotalsShards)}`,
  }),
};

const rosterTotalsShards = 32;

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

/** The fields ranking reads (`RankedMediator`): a listing holds these, the mediator's record holds them and more. */
const rankedFields = {
  id: z.string(),
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
};

const mediatorSchema: z.ZodMiniType<Mediator> = z.looseObject({
  ...rankedFields,
  subjectId: z.string(),
  name: z.string(),
  contact: z.object({ phone: z.optional(z.string()), email: z.optional(z.string()) }),
  organizationId: z.string(),
  rating: z.optional(z.object({ mean: z.number(), count: z.number() })),
  createdAt: z.optional(z.string()),
});

const claimSchema = z.object({ mediatorId: z.string() });

const listingSchema: z.ZodMiniType<RankedMediator> = z.looseObject(rankedFields);

const totalsSchema = z.looseObject({ mediators: z.optional(z.number()) });

/** What a listing under `category` holds: the fields ranking reads, the record of that category only. */
function listingOf(mediator: Mediator, category: DisputeCategory): Record<string, unknown> {
  const record = mediator.record[category];
  return attributesOf({
    id: mediator.id,
    specialties: mediator.specialties,
    languages: mediator.languages,
    regions: mediator.regions,
    online: mediator.online,
    capacity: mediator.capacity,
    activeCases: mediator.activeCases,
    leave: mediator.leave,
    crossBorderQualified: mediator.crossBorderQualified,
    conflicts: mediator.conflicts,
    record: record === undefined ? {} : { [category]: { settled: record.settled, closed: record.closed } },
    responseHoursMedian: mediator.responseHoursMedian,
  });
}

/**
 * The listings and totals that follow a mediator's change from `before` (undefined: a new mediator)
 * to `after`: every listing `after` has is written (it copies the load and availability, which most
 * changes move), unless neither it nor what it holds changed; listings `before` had and `after` has
 * not are deleted; the totals add the mediator (when new) and the change in its record.
 */
export function mediatorCompanions(before: Mediator | undefined, after: Mediator): CompanionWrite[] {
  const places = eligibilityPlaces(after);
  if (places.length > MAX_ELIGIBILITY_PLACES) {
    throw new Error(
      `mediator ${after.id} would be listed under ${places.length} places, more than ${MAX_ELIGIBILITY_PLACES}`,
    );
  }
  const companions: CompanionWrite[] = [];
  const keyOf = (category: string, place: string) => mediatorRecords.eligibleKey(category, place, after.id);
  const listedAfter = new Set(places.map(({ category, place }) => keyOf(category, place).pk));
  const listedBefore = new Set<string>();
  for (const { category, place } of before ? eligibilityPlaces(before) : []) {
    const key = keyOf(category, place);
    listedBefore.add(key.pk);
    if (!listedAfter.has(key.pk)) companions.push({ kind: 'delete', key });
  }
  for (const { category, place } of places) {
    const key = keyOf(category, place);
    const attributes = listingOf(after, category);
    const unchanged =
      before !== undefined &&
      listedBefore.has(key.pk) &&
      JSON.stringify(listingOf(before, category)) === JSON.stringify(attributes);
    if (!unchanged) companions.push({ kind: 'put', key, attributes });
  }
  const counts: Record<string, number> = before ? {} : { mediators: 1 };
  for (const category of disputeCategories) {
    const was = before?.record[category] ?? { settled: 0, closed: 0 };
    const is = after.record[category] ?? { settled: 0, closed: 0 };
    if (is.settled !== was.settled) counts[`settled#${category}`] = is.settled - was.settled;
    if (is.closed !== was.closed) counts[`closed#${category}`] = is.closed - was.closed;
  }
  if (Object.keys(counts).length > 0)
    companions.push({ kind: 'add', key: mediatorRecords.totalsKey(after.id), counts });
  return companions;
}

/**
 * What the eligibility backfill writes for a mediator stored before listings were kept: its listings
 * (as a new mediator's would be) and its share of the totals.
 */
export function mediatorListingsOf(stored: StoredEntity): {
  mediator: Mediator;
  listings: Extract<CompanionWrite, { kind: 'put' }>[];
} {
  const mediator = z.parseOrThrow(mediatorSchema, stored.attributes);
  const listings = mediatorCompanions(undefined, mediator).filter(
    (companion): companion is Extract<CompanionWrite, { kind: 'put' }> => companion.kind === 'put',
  );
  return { mediator, listings };
}

/** The totals items for these mediators, shard by shard (the backfill's absolute counts). */
export function rosterTotalsItems(
  mediators: readonly Mediator[],
): { key: ItemKey; attributes: Record<string, number> }[] {
  const shards = new Map<string, { key: ItemKey; attributes: Record<string, number> }>();
  for (const mediator of mediators) {
    const key = mediatorRecords.totalsKey(mediator.id);
    const shard = shards.get(key.sk) ?? { key, attributes: { mediators: 0 } };
    shards.set(key.sk, shard);
    const attributes = shard.attributes;
    attributes.mediators = (attributes.mediators ?? 0) + 1;
    for (const category of disputeCategories) {
      const record = mediator.record[category];
      if (record === undefined) continue;
      attributes[`settled#${category}`] = (attributes[`settled#${category}`] ?? 0) + record.settled;
      attributes[`closed#${category}`] = (attributes[`closed#${category}`] ?? 0) + record.closed;
    }
  }
  return [...shards.values()];
}

/** The totals summed over their shards (none: an empty roster, or one written before totals were kept). */
function totalsOf(shards: readonly Record<string, unknown>[]): RosterTotals {
  let mediators = 0;
  const outcomes: Partial<Record<DisputeCategory, CategoryRecord>> = {};
  for (const shard of shards) {
    mediators += z.parseOrThrow(totalsSchema, shard).mediators ?? 0;
    for (const category of disputeCategories) {
      const settled = shard[`settled#${category}`];
      const closed = shard[`closed#${category}`];
      if (typeof settled !== 'number' && typeof closed !== 'number') continue;
      const sum = outcomes[category] ?? { settled: 0, closed: 0 };
      outcomes[category] = {
        settled: sum.settled + (typeof settled === 'number' ? settled : 0),
        closed: sum.closed + (typeof closed === 'number' ? closed : 0),
      };
    }
  }
  return { mediators, outcomes };
}

export function dynamoRoster(table: TableReads): Roster {
  const listed = async <T>(index: string, schema: z.ZodMiniType<T>, page: { limit: number; cursor?: string }) => {
    const result = await table.listByIndex(index, page);
    return { ...result, items: result.items.map((item) => z.parseOrThrow(schema, item.attributes)) } satisfies Page<T>;
  };
  const whole = <T>(index: string, schema: z.ZodMiniType<T>): Promise<T[]> =>
    everyItem((page) => listed(index, schema, page), 1000);
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
    mediatorWrite: (stored: Versioned<Mediator> | undefined, mediator: Mediator) => ({
      key: mediatorRecords.key(mediator.id),
      expectedVersion: stored?.version ?? 0,
      attributes: attributesOf(mediator),
      index: byName(mediatorRecords.rosterIndex, mediator),
      companions: mediatorCompanions(stored?.value, mediator),
    }),
    mediators: (page) => listed(mediatorRecords.rosterIndex, mediatorSchema, page),
    allMediators: () => whole(mediatorRecords.rosterIndex, mediatorSchema),
    eligibleMediators: async ({ category, places }) => {
      const listings = await Promise.all(
        places.map((place) =>
          table.listByPrefix(mediatorRecords.eligiblePartition(category, place), mediatorRecords.eligibleSortPrefix),
        ),
      );
      // A mediator listed under two of the places (a city and a district in it) is one candidate.
      const byId = new Map<string, RankedMediator>();
      for (const item of listings.flat()) {
        const mediator = z.parseOrThrow(listingSchema, item.attributes);
        if (!byId.has(mediator.id)) byId.set(mediator.id, mediator);
      }
      return [...byId.values()];
    },
    rosterTotals: async () =>
      totalsOf(
        (await table.listByPrefix(mediatorRecords.totalsPartition, mediatorRecords.totalsShardPrefix)).map(
          (shard) => shard.attributes,
        ),
      ),
    mediatorSubjectWrite: (subjectId, mediatorId) => ({
      key: mediatorRecords.subjectKey(subjectId),
      expectedVersion: 0,
      attributes: { mediatorId },
    }),
    mediatorIdOfSubject: async (subjectId) =>
      (await readParsed(table, mediatorRecords.subjectKey(subjectId), claimSchema))?.value.mediatorId,
  };
}
