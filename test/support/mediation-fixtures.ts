import { randomBytes } from 'node:crypto';
import type { Dispute } from '../../shared/domain/mediation/dispute';
import { disputeChainId } from '../../shared/domain/mediation/dispute';
import type { Mediator } from '../../shared/domain/mediation/mediator';
import { mediatorChainId } from '../../shared/domain/mediation/mediator';
import type { Principal } from '../../shared/domain/principal';
import type { StateStore } from '../../shared/ports/state-store';

export const fixtureOperator: Principal = { role: 'operator', subjectId: 'usr_fixture_operator' };

const tag = () => randomBytes(5).toString('hex');

/**
 * Disputes and mediators written straight through the StateStore, as intake and the roster would
 * leave them: each test builds what it needs, with overrides for what it is about.
 */
export function mediatorFixture(overrides: Partial<Mediator> = {}): Mediator {
  const id = overrides.id ?? `med_${tag()}`;
  return {
    id,
    subjectId: `sub_${id}`,
    name: `Mediator ${id}`,
    contact: { phone: `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
    organizationId: 'org_fixture',
    specialties: ['online_shopping_contract'],
    languages: ['zh'],
    regions: ['440300'],
    online: true,
    capacity: 5,
    activeCases: 0,
    leave: [],
    crossBorderQualified: false,
    conflicts: [],
    record: {},
    ...overrides,
  };
}

export function disputeFixture(overrides: Partial<Dispute> = {}): Dispute {
  const id = overrides.id ?? `dsp_${tag()}`;
  return {
    id,
    status: 'triaged',
    category: 'online_shopping_contract',
    claim: { amountMinor: 350_000, currency: 'CNY' },
    regionCode: '440305',
    subjectMatterRegion: '440305',
    language: 'zh',
    summary: 'The buyer (phone 13912345678) says the laptop arrived broken and the shop refuses a refund.',
    stage: 'pre_filing',
    onlineAccepted: true,
    track: 'simple',
    flags: { crossBorder: false, manyParties: false },
    mediationDeadline: { lastDay: '2099-12-31', endsAt: '2099-12-31T16:00:00.000Z' },
    extension: { used: false, agreedBy: [] },
    partyIds: ['pty_applicant', 'pty_respondent'],
    involvedHashes: [`hash_applicant_${id}`, `hash_respondent_${id}`],
    picks: {},
    offeredMediatorIds: [],
    filedBy: { role: 'party', subjectId: `sub_applicant_${id}` },
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

export async function putMediator(store: StateStore, overrides: Partial<Mediator> = {}): Promise<Mediator> {
  const mediator = mediatorFixture(overrides);
  await store.commit({
    chainId: mediatorChainId(mediator.id),
    writes: [
      store.roster.mediatorWrite(undefined, { ...mediator, createdAt: new Date().toISOString() }),
      store.roster.mediatorSubjectWrite(mediator.subjectId, mediator.id),
    ],
    event: { type: 'mediator.registered', actor: fixtureOperator, data: { mediatorId: mediator.id } },
  });
  return mediator;
}

export async function putDispute(store: StateStore, overrides: Partial<Dispute> = {}): Promise<Dispute> {
  const dispute = disputeFixture(overrides);
  await store.commit({
    chainId: disputeChainId(dispute.id),
    writes: [store.disputes.disputeWrite({ version: 0 }, dispute)],
    event: { type: 'dispute.filed', actor: fixtureOperator, data: { disputeId: dispute.id } },
  });
  return dispute;
}

/** The mediator as a principal (a mediator's token carries their Cognito sub). */
export function asMediator(mediator: Pick<Mediator, 'subjectId'>): Principal {
  return { role: 'mediator', subjectId: mediator.subjectId };
}
