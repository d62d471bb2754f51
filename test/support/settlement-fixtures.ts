import { createHash, randomBytes, randomInt } from 'node:crypto';
import { disputeRecords } from '../../shared/adapters/dynamodb/dispute-records';
import { organizationRecords } from '../../shared/adapters/dynamodb/roster-records';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import { periodEnd } from '../../shared/domain/calendar/service-periods';
import type { CaseParty } from '../../shared/domain/mediation/case-party';
import type { Dispute } from '../../shared/domain/mediation/dispute';
import { disputeChainId } from '../../shared/domain/mediation/dispute';
import type { Mediator } from '../../shared/domain/mediation/mediator';
import type { Organization } from '../../shared/domain/roster/organization';
import type { Settlement } from '../../shared/domain/settlement/settlement';
import { type StoredSettlement, settlementDocumentKey } from '../../shared/domain/settlement/settlement';
import type { Clock } from '../../shared/ports/clock';
import type { StateStore } from '../../shared/ports/state-store';
import { fixtureOperator, putDispute, putMediator } from './mediation-fixtures';

const tag = () => randomBytes(5).toString('hex');

/** A dispute in mediation: its mediator and two joined parties, as the earlier flows leave it. */
export interface CaseInMediation {
  disputeId: string;
  mediator: Mediator;
  applicant: CaseParty & { subjectId: string };
  respondent: CaseParty & { subjectId: string };
}

function freshMobile(): string {
  return `+86139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/** What a case in mediation may be given instead of the fixtures' own facts. */
export interface CaseInMediationOptions {
  mediator?: Partial<Mediator>;
  dispute?: Partial<Dispute>;
  /** Each party's own facts (its personHash, its contact), by role. */
  party?: (role: 'applicant' | 'respondent', disputeId: string) => Partial<CaseParty>;
}

/** Writes a dispute in mediation with its mediator and two joined parties (a person and a company). */
export async function putCaseInMediation(
  store: StateStore,
  clock: Clock = { now: () => new Date() },
  options: CaseInMediationOptions = {},
): Promise<CaseInMediation> {
  const mediator = await putMediator(store, { activeCases: 1, ...options.mediator });
  const dispute = await putDispute(store, { status: 'in_mediation', mediatorId: mediator.id, ...options.dispute });
  const mobiles = { applicant: freshMobile(), respondent: freshMobile() };
  const party = (role: 'applicant' | 'respondent', kind: 'person' | 'company'): CaseParty & { subjectId: string } => ({
    partyId: `pty_${role}_${dispute.id}`,
    role,
    kind,
    name: role === 'applicant' ? '张三 Zhang San' : 'Shenzhen Good Goods Ltd',
    personHash: `hash_${role}_${dispute.id}`,
    idMasked: role === 'applicant' ? '4403**********1234' : '9144**********123X',
    domicile: { country: 'CN', regionCode: '440304' },
    // A number of its own per case: sends others trigger are limited per recipient (three a day).
    contact: { phone: role === 'applicant' ? mobiles.applicant : mobiles.respondent },
    representatives: [],
    subjectId: `sub_${role}_${dispute.id}`,
    joinedAt: clock.now().toISOString(),
    ...options.party?.(role, dispute.id),
  });
  const applicant = party('applicant', 'person');
  const respondent = party('respondent', 'company');
  await store.commit({
    chainId: disputeChainId(dispute.id),
    writes: [
      ...[applicant, respondent].map((member) => ({
        key: disputeRecords.partyKey(dispute.id, member.partyId),
        expectedVersion: 0,
        attributes: { ...member },
      })),
      store.disputes.memberWrite(dispute, applicant.subjectId, 'party'),
      store.disputes.memberWrite(dispute, respondent.subjectId, 'party'),
      store.disputes.memberWrite(dispute, mediator.subjectId, 'mediator'),
    ],
    event: { type: 'parties.joined', actor: fixtureOperator, data: {} },
  });
  return { disputeId: dispute.id, mediator, applicant, respondent };
}

/**
 * The terms a mediator records for the case: the respondent pays in two instalments and the
 * applicant returns the laptop, due in September and October of `year`.
 */
export function laptopSettlementTerms(c: CaseInMediation, year: number) {
  return {
    obligations: [
      {
        kind: 'payment',
        debtor: c.respondent.partyId,
        creditor: c.applicant.partyId,
        amountMinor: 320_000,
        currency: 'CNY',
        instalments: [
          { dueDate: `${year}-09-30`, amountMinor: 120_000 },
          { dueDate: `${year}-10-31`, amountMinor: 200_000 },
        ],
      },
      {
        kind: 'act',
        debtor: c.applicant.partyId,
        creditor: c.respondent.partyId,
        description: 'Return the damaged laptop',
        dueDate: `${year}-09-15`,
      },
    ],
    clauses: ['Each party bears its own costs.'],
    subjectMatter: { description: 'Sale of a laptop online', touchesPersonalStatus: false, confirmsTitle: false },
  };
}

export async function putOrganization(store: StateStore, overrides: Partial<Organization> = {}): Promise<Organization> {
  const organization: Organization = {
    id: `org_${tag()}`,
    name: 'Luohu People’s Mediation Committee',
    kind: 'peoples_mediation_committee',
    regionCode: '440303',
    linkedCourtIds: [],
    createdAt: new Date().toISOString(),
    ...overrides,
  };
  await store.commit({
    chainId: `ORG#${organization.id}`,
    writes: [
      {
        key: organizationRecords.key(organization.id),
        expectedVersion: 0,
        attributes: { ...organization },
        index: { gsi1pk: organizationRecords.rosterIndex, gsi1sk: `${organization.name}#${organization.id}` },
      },
    ],
    event: { type: 'organization.registered', actor: fixtureOperator, data: { organizationId: organization.id } },
  });
  return organization;
}

export interface SettledCase {
  dispute: Dispute;
  parties: CaseParty[];
  /** The party principals' subject ids, in the order of `parties`. */
  subjects: string[];
  mediatorSubject: string;
  settlement: StoredSettlement;
}

/**
 * A dispute in mediation with two joined parties (domiciled in Futian and Nanshan), a mediator of
 * `organizationId`, and its settlement written straight through the StateStore in the layout of
 * adapters/dynamodb/settlement-records.ts: effective at `effectiveAt` (both parties signed) with the 30-day window,
 * unless `signedBy` leaves a party out (then awaiting signatures).
 */
export async function putSettledCase(
  store: StateStore,
  options: {
    organizationId: string;
    effectiveAt?: string;
    dispute?: Partial<Dispute>;
    subjectMatter?: Partial<Settlement['subjectMatter']>;
    signedBy?: number[];
    /** The parties' principals (a signed-in person's, say), in the order applicant, respondent. */
    subjects?: [string, string];
  },
): Promise<SettledCase> {
  const mediator = await putMediator(store, { organizationId: options.organizationId });
  const id = `dsp_${tag()}`;
  const subjects = options.subjects ?? [`sub-a-${id}`, `sub-b-${id}`];
  const parties: CaseParty[] = [
    party(`pty_a_${id}`, 'applicant', 'Zhang San', '440304', subjects[0] as string),
    party(`pty_b_${id}`, 'respondent', 'Shenzhen Good Goods Ltd', '440305', subjects[1] as string),
  ];
  const dispute = await putDispute(store, {
    id,
    status: 'settled',
    mediatorId: mediator.id,
    regionCode: '440304',
    subjectMatterRegion: '440304',
    partyIds: parties.map((p) => p.partyId),
    ...options.dispute,
  });
  await store.commit({
    chainId: disputeChainId(id),
    writes: [
      ...parties.map((p) => ({
        key: disputeRecords.partyKey(id, p.partyId),
        expectedVersion: 0,
        attributes: { ...p },
      })),
      ...subjects.map((subject) => store.disputes.memberWrite(dispute, subject, 'party')),
      store.disputes.memberWrite(dispute, mediator.subjectId, 'mediator'),
    ],
    event: { type: 'dispute.parties_joined', actor: fixtureOperator, data: {} },
  });

  const effectiveAt = options.effectiveAt ?? new Date().toISOString();
  const signedBy = options.signedBy ?? [0, 1];
  const sha256 = createHash('sha256').update(`settlement of ${id}`).digest('hex');
  const settlementId = `stl_${tag()}`;
  const effective = signedBy.length === parties.length;
  const window = periodEnd(new Date(effectiveAt), 30, chinaHolidayCalendar);
  const settlement: StoredSettlement = {
    settlementId,
    disputeId: id,
    version: 1,
    obligations: [
      {
        kind: 'payment',
        debtor: parties[1]?.partyId as string,
        creditor: parties[0]?.partyId as string,
        amountMinor: 320_000,
        currency: 'CNY',
        instalments: [{ dueDate: '2099-01-31', amountMinor: 320_000 }],
      },
    ],
    clauses: ['The applicant returns the laptop on payment.'],
    subjectMatter: {
      description: 'refund of a laptop purchase',
      touchesPersonalStatus: false,
      confirmsTitle: false,
      ...options.subjectMatter,
    },
    document: {
      key: settlementDocumentKey(settlementId, sha256),
      sha256,
      size: 1234,
      mediaType: 'application/json',
    },
    signatures: signedBy.map((index) => ({
      partyId: parties[index]?.partyId as string,
      signedBy: subjects[index] as string,
      signedAt: effectiveAt,
      method: 'session' as const,
      documentSha256: sha256,
      client: {},
    })),
    status: effective ? 'effective' : 'awaiting_signatures',
    ...(effective
      ? { effectiveAt, applicationDeadline: { lastDay: window.lastDay, endsAt: window.endsAt.toISOString() } }
      : {}),
    recordedBy: mediator.subjectId,
    createdAt: effectiveAt,
    courtIds: [],
  };
  await store.commit({
    chainId: disputeChainId(id),
    writes: [
      store.settlements.settlementWrite({ version: 0 }, settlement),
      store.settlements.disputePointerWrite(id, settlementId),
    ],
    event: { type: 'settlement.recorded', actor: fixtureOperator, data: { settlementId } },
  });
  return { dispute, parties, subjects, mediatorSubject: mediator.subjectId, settlement };
}

function party(
  partyId: string,
  role: CaseParty['role'],
  name: string,
  regionCode: string,
  subjectId: string,
): CaseParty {
  return {
    partyId,
    role,
    kind: role === 'applicant' ? 'person' : 'company',
    name,
    personHash: randomBytes(32).toString('hex'),
    idMasked: '440304********1234',
    domicile: { regionCode, country: 'CN' },
    contact: { phone: '+8613812345678' },
    representatives: [],
    subjectId,
    joinedAt: new Date().toISOString(),
  };
}
