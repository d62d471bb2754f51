import { describe, expect, it } from 'vitest';
import type { DisputeProfile } from '../../shared/domain/mediation/dispute';
import {
  type Candidate,
  decideOffer,
  type FilterCode,
  rankMediators,
  SCORE_WEIGHTS,
  scoreFactors,
} from '../../shared/domain/mediation/matching';
import type { Mediator } from '../../shared/domain/mediation/mediator';

const today = '2026-03-16';
const applicantHash = 'hash-applicant';
const respondentHash = 'hash-respondent';
const representativeHash = 'hash-respondent-lawyer';

function dispute(overrides: Partial<DisputeProfile> = {}): DisputeProfile {
  return {
    category: 'online_shopping_contract',
    claimMinor: 300_000,
    currency: 'CNY',
    regionCode: '440305',
    subjectMatterRegion: '110108',
    language: 'zh',
    crossBorder: false,
    involvedHashes: [applicantHash, respondentHash, representativeHash],
    onlineAccepted: true,
    ...overrides,
  };
}

function mediator(id: string, overrides: Partial<Mediator> = {}): Mediator {
  return {
    id,
    subjectId: `sub-${id}`,
    name: `Mediator ${id}`,
    contact: { email: `${id}@mediators.example` },
    organizationId: 'org_01',
    specialties: ['online_shopping_contract'],
    languages: ['zh'],
    regions: ['4403'],
    online: false,
    capacity: 10,
    activeCases: 2,
    leave: [],
    crossBorderQualified: false,
    conflicts: [],
    record: { online_shopping_contract: { settled: 30, closed: 40 } },
    responseHoursMedian: 6,
    ...overrides,
  };
}

const ids = (candidates: readonly Candidate[]) => candidates.map((candidate) => candidate.mediatorId);

describe('rankMediators', () => {
  it('never recommends a conflicted mediator', () => {
    // Prepare: the best mediator on paper has a conflict with the respondent's representative
    const conflicted = mediator('med_conflicted', {
      conflicts: ['someone-else', representativeHash],
      record: { online_shopping_contract: { settled: 100, closed: 100 } },
      activeCases: 0,
    });
    const clean = mediator('med_clean');

    // Act
    const ranking = rankMediators(dispute(), [conflicted, clean], { today, explainExcluded: true });

    // Assess
    expect(ids(ranking.candidates)).toEqual(['med_clean']);
    expect(ranking.excluded).toEqual([
      { mediatorId: 'med_conflicted', reasons: [expect.objectContaining({ code: 'conflict_of_interest' })] },
    ]);
  });

  it('never recommends a conflicted mediator the parties picked', () => {
    // Prepare
    const conflicted = mediator('med_conflicted', { conflicts: [applicantHash] });
    const picks = { pty_a: ['med_conflicted'], pty_b: ['med_conflicted'] };

    // Act
    const ranking = rankMediators(dispute(), [conflicted, mediator('med_clean')], { today, picks });

    // Assess: excluded and explained without asking, because it was picked
    expect(ids(ranking.candidates)).toEqual(['med_clean']);
    expect(ranking.excluded.map((entry) => entry.mediatorId)).toEqual(['med_conflicted']);
    expect(ranking.excluded[0]?.reasons[0]?.reason).not.toContain(applicantHash);
  });

  it.each<[string, Partial<Mediator>, Partial<DisputeProfile>, FilterCode]>([
    ['at capacity', { capacity: 5, activeCases: 5 }, {}, 'at_capacity'],
    ['over capacity', { capacity: 5, activeCases: 6 }, {}, 'at_capacity'],
    ['on leave today', { leave: [{ from: '2026-03-10', to: '2026-03-20' }] }, {}, 'on_leave'],
    ['on leave from today', { leave: [{ from: today, to: '2026-03-20' }] }, {}, 'on_leave'],
    ['on leave until today', { leave: [{ from: '2026-03-01', to: today }] }, {}, 'on_leave'],
    ['not speaking the language', { languages: ['zh'] }, { language: 'en' }, 'language'],
    ['outside the region and offline', { regions: ['4401'], online: false }, {}, 'region'],
    [
      'online when a party refuses online mediation',
      { regions: ['11'], online: true },
      { subjectMatterRegion: '310104', onlineAccepted: false },
      'region',
    ],
    [
      'not qualified for a cross-border dispute',
      { crossBorderQualified: false },
      { crossBorder: true },
      'cross_border',
    ],
    ['without the specialty', { specialties: ['family', 'labour'] }, {}, 'specialty'],
  ])('excludes a mediator %s', (_, mediatorChange, disputeChange, code) => {
    // Prepare
    const excludedOne = mediator('med_excluded', mediatorChange);

    // Act
    const ranking = rankMediators(dispute(disputeChange), [excludedOne], { today, explainExcluded: ['med_excluded'] });

    // Assess
    expect(ranking.candidates).toEqual([]);
    expect(ranking.excludedCount).toBe(1);
    expect(ranking.excluded[0]?.reasons.map((reason) => reason.code)).toEqual([code]);
    expect(ranking.excluded[0]?.reasons[0]?.reason.length).toBeGreaterThan(10);
  });

  it.each<[string, Partial<Mediator>, Partial<DisputeProfile>]>([
    ['back from leave yesterday', { leave: [{ from: '2026-03-01', to: '2026-03-15' }] }, {}],
    ['going on leave tomorrow', { leave: [{ from: '2026-03-17', to: '2026-03-30' }] }, {}],
    ['covering the region by a city prefix', { regions: ['4403'] }, {}],
    ['covering the region by a province prefix', { regions: ['44'] }, {}],
    ['covering the region by a full province code', { regions: ['440000'] }, {}],
    ['covering only the subject matter region', { regions: ['110108'] }, {}],
    ['outside the region but online, when the parties accept online', { regions: ['51'], online: true }, {}],
    [
      'qualified for a cross-border dispute',
      { crossBorderQualified: true, languages: ['zh', 'en'] },
      { crossBorder: true, language: 'en' },
    ],
    ['one below capacity', { capacity: 5, activeCases: 4 }, {}],
  ])('keeps a mediator %s', (_, mediatorChange, disputeChange) => {
    // Act
    const ranking = rankMediators(dispute(disputeChange), [mediator('med_kept', mediatorChange)], { today });

    // Assess
    expect(ids(ranking.candidates)).toEqual(['med_kept']);
  });

  it('gives every reason a mediator fails when asked', () => {
    // Prepare
    const hopeless = mediator('med_hopeless', {
      conflicts: [respondentHash],
      capacity: 3,
      activeCases: 3,
      leave: [{ from: '2026-03-01', to: '2026-03-31' }],
      languages: ['en'],
      regions: ['51'],
      specialties: ['family'],
    });

    // Act
    const ranking = rankMediators(dispute({ crossBorder: true }), [hopeless], { today, explainExcluded: true });

    // Assess
    expect(ranking.excluded[0]?.reasons.map((reason) => reason.code)).toEqual([
      'conflict_of_interest',
      'at_capacity',
      'on_leave',
      'language',
      'region',
      'cross_border',
      'specialty',
    ]);
  });

  it('does not explain excluded mediators unless asked or picked', () => {
    // Act
    const ranking = rankMediators(dispute(), [mediator('med_full', { activeCases: 10 }), mediator('med_ok')], {
      today,
    });

    // Assess
    expect(ranking.excluded).toEqual([]);
    expect(ranking.excludedCount).toBe(1);
    expect(ranking.eligibleCount).toBe(1);
  });

  it('explains every candidate by five factors whose contributions sum to the score', () => {
    // Prepare
    const mediators = [
      mediator('med_a'),
      mediator('med_b', { specialties: ['family', 'online_shopping_contract'], responseHoursMedian: undefined }),
      mediator('med_c', { record: {}, activeCases: 9 }),
    ];

    // Act
    const ranking = rankMediators(dispute(), mediators, { today, picks: { pty_a: ['med_c'] } });

    // Assess
    expect(ranking.candidates).toHaveLength(3);
    for (const candidate of ranking.candidates) {
      expect(candidate.factors.map((factor) => factor.factor)).toEqual([...scoreFactors]);
      const sum = candidate.factors.reduce((total, factor) => total + factor.contribution, 0);
      expect(sum).toBeCloseTo(candidate.score, 12);
      expect(candidate.score).toBeGreaterThanOrEqual(0);
      expect(candidate.score).toBeLessThanOrEqual(1);
      for (const factor of candidate.factors) {
        expect(factor.contribution).toBeCloseTo(factor.value * factor.weight, 12);
        expect(factor.weight).toBe(SCORE_WEIGHTS[factor.factor]);
        expect(factor.value).toBeGreaterThanOrEqual(0);
        expect(factor.value).toBeLessThanOrEqual(1);
        expect(factor.explanation).toMatch(/\.$/);
      }
    }
  });

  it('weights the factors to a total of 1', () => {
    expect(Object.values(SCORE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('says what each factor saw', () => {
    // Prepare
    const one = mediator('med_a', {
      specialties: ['online_shopping_contract', 'family'],
      record: { online_shopping_contract: { settled: 45, closed: 50 } },
      activeCases: 3,
      capacity: 12,
      responseHoursMedian: 5,
    });

    // Act
    const [candidate] = rankMediators(dispute(), [one], { today, outcomePrior: 0.5 }).candidates;

    // Assess
    const explanation = (name: string) => candidate?.factors.find((factor) => factor.factor === name)?.explanation;
    expect(explanation('specialty_fit')).toBe('Online shopping contract is their primary specialty.');
    expect(explanation('outcome_record')).toContain('Settled 45 of 50 closed online shopping contract mediations');
    expect(explanation('current_load')).toBe('Holds 3 of a capacity of 12 disputes.');
    expect(explanation('response_speed')).toBe('Answers offers in a median of 5 hours.');
    expect(explanation('party_preference')).toBe('No party picked this mediator.');
  });

  it('smooths the outcome record: 1 of 1 settled does not beat 45 of 50', () => {
    // Prepare: two mediators alike in everything but their record
    // and a roster around them (busy now) that settled 130 of 200 such disputes
    const lucky = mediator('med_a_lucky', { record: { online_shopping_contract: { settled: 1, closed: 1 } } });
    const proven = mediator('med_b_proven', { record: { online_shopping_contract: { settled: 45, closed: 50 } } });
    const roster = [1, 2].map((n) =>
      mediator(`med_busy_${n}`, {
        activeCases: 10,
        record: { online_shopping_contract: { settled: 65, closed: 100 } },
      }),
    );

    // Act
    const ranking = rankMediators(dispute(), [lucky, proven, ...roster], { today });

    // Assess
    expect(ids(ranking.candidates)).toEqual(['med_b_proven', 'med_a_lucky']);
  });

  it('smooths the outcome record with the neutral prior too: 1 of 1 settled does not beat 45 of 50', () => {
    // Prepare
    const lucky = mediator('med_a_lucky', { record: { online_shopping_contract: { settled: 1, closed: 1 } } });
    const proven = mediator('med_b_proven', { record: { online_shopping_contract: { settled: 45, closed: 50 } } });

    // Act
    const ranking = rankMediators(dispute(), [lucky, proven], { today, outcomePrior: 0.5 });

    // Assess: (1 + 5) / 11 ≈ 0.55 against (45 + 5) / 60 ≈ 0.83
    expect(ids(ranking.candidates)).toEqual(['med_b_proven', 'med_a_lucky']);
    const outcome = (candidate: Candidate | undefined) =>
      candidate?.factors.find((factor) => factor.factor === 'outcome_record')?.value;
    expect(outcome(ranking.candidates[0])).toBeCloseTo(50 / 60, 12);
    expect(outcome(ranking.candidates[1])).toBeCloseTo(6 / 11, 12);
  });

  it('smooths towards the roster’s pooled settlement rate on the category', () => {
    // Prepare: 60 of 100 closed mediations settled across the roster
    const mediators = [
      mediator('med_a', { record: { online_shopping_contract: { settled: 50, closed: 80 } } }),
      mediator('med_b', { record: { online_shopping_contract: { settled: 10, closed: 20 } } }),
      mediator('med_new', { record: {} }),
    ];

    // Act
    const ranking = rankMediators(dispute(), mediators, { today });

    // Assess: a mediator with no record scores exactly the prior
    expect(ranking.outcomePrior).toBeCloseTo(0.6, 12);
    const fresh = ranking.candidates.find((candidate) => candidate.mediatorId === 'med_new');
    expect(fresh?.factors.find((factor) => factor.factor === 'outcome_record')?.value).toBeCloseTo(0.6, 12);
  });

  it('uses the neutral prior of 0.5 when the roster has too little history', () => {
    // Act
    const ranking = rankMediators(
      dispute(),
      [mediator('med_a', { record: { online_shopping_contract: { settled: 5, closed: 5 } } })],
      { today },
    );

    // Assess
    expect(ranking.outcomePrior).toBe(0.5);
  });

  it('prefers a lighter load, a faster answer and a primary specialty, other things equal', () => {
    // Prepare
    const base = mediator('med_base');
    const busier = mediator('med_busier', { activeCases: 8 });
    const slower = mediator('med_slower', { responseHoursMedian: 48 });
    const broader = mediator('med_broader', { specialties: ['labour', 'online_shopping_contract'] });

    // Act
    const ranking = rankMediators(dispute(), [busier, slower, broader, base], { today });

    // Assess
    expect(ranking.candidates[0]?.mediatorId).toBe('med_base');
    expect(ranking.candidates.map((candidate) => candidate.rank)).toEqual([1, 2, 3, 4]);
  });

  it('breaks ties by mediator id, whatever the roster order', () => {
    // Prepare
    const twins = [mediator('med_c'), mediator('med_a'), mediator('med_b')];

    // Act
    const forwards = rankMediators(dispute(), twins, { today });
    const backwards = rankMediators(dispute(), [...twins].reverse(), { today });

    // Assess
    expect(ids(forwards.candidates)).toEqual(['med_a', 'med_b', 'med_c']);
    expect(ids(backwards.candidates)).toEqual(['med_a', 'med_b', 'med_c']);
  });

  it('returns the best `limit` candidates in order', () => {
    // Prepare: loads 0..19 of 20, so the lighter the better
    const mediators = Array.from({ length: 20 }, (_, i) =>
      mediator(`med_${String(i).padStart(2, '0')}`, { capacity: 20, activeCases: i }),
    );

    // Act
    const ranking = rankMediators(dispute(), mediators.reverse(), { today, limit: 3 });

    // Assess
    expect(ids(ranking.candidates)).toEqual(['med_00', 'med_01', 'med_02']);
    expect(ranking.eligibleCount).toBe(20);
  });

  it('keeps an eligible picked mediator among the candidates even below the limit', () => {
    // Prepare
    const mediators = Array.from({ length: 20 }, (_, i) =>
      mediator(`med_${String(i).padStart(2, '0')}`, { capacity: 20, activeCases: i }),
    );
    const picks = { pty_a: ['med_00', 'med_01', 'med_19'], pty_b: ['med_00'] };

    // Act
    const ranking = rankMediators(dispute(), mediators, { today, limit: 3, picks });

    // Assess
    expect(ids(ranking.candidates)).toEqual(['med_00', 'med_01', 'med_02', 'med_19']);
    const picked = ranking.candidates.at(-1);
    expect(picked?.mediatorId).toBe('med_19');
    expect(picked?.picked).toBe(true);
    // its small bonus (a third pick of one of two parties) lifts it above med_16 to med_18 only
    expect(picked?.rank).toBe(17);
  });

  it('gives picked mediators a preference bonus by pick rank', () => {
    // Prepare: three identical mediators
    const mediators = [mediator('med_a'), mediator('med_b'), mediator('med_c')];

    // Act
    const ranking = rankMediators(dispute(), mediators, {
      today,
      picks: { pty_a: ['med_c', 'med_b'], pty_b: ['med_c'] },
    });

    // Assess: med_c first for both parties (1), med_b second for one of two (2/3 ÷ 2)
    expect(ids(ranking.candidates)).toEqual(['med_c', 'med_b', 'med_a']);
    const preference = (id: string) =>
      ranking.candidates
        .find((candidate) => candidate.mediatorId === id)
        ?.factors.find((factor) => factor.factor === 'party_preference')?.value;
    expect(preference('med_c')).toBeCloseTo(1, 12);
    expect(preference('med_b')).toBeCloseTo(1 / 3, 12);
    expect(preference('med_a')).toBe(0);
  });
});

describe('decideOffer', () => {
  const parties = ['pty_applicant', 'pty_respondent'];
  const roster = [
    mediator('med_best', { activeCases: 0 }),
    mediator('med_second', { activeCases: 5 }),
    mediator('med_third', { activeCases: 8 }),
    mediator('med_conflicted', { conflicts: [respondentHash], activeCases: 0 }),
  ];

  it('offers the unanimous first pick even when it is not the best candidate', () => {
    // Prepare
    const picks = { pty_applicant: ['med_third', 'med_best'], pty_respondent: ['med_third'] };
    const { candidates } = rankMediators(dispute(), roster, { today, picks });

    // Act
    const decision = decideOffer(candidates, picks, parties);

    // Assess
    expect(decision).toEqual({ mediatorId: 'med_third', basis: 'unanimous_pick' });
  });

  it('offers the best candidate when the first picks differ', () => {
    // Prepare
    const picks = { pty_applicant: ['med_third'], pty_respondent: ['med_second'] };
    const { candidates } = rankMediators(dispute(), roster, { today, picks });

    // Act
    const decision = decideOffer(candidates, picks, parties);

    // Assess
    expect(decision).toEqual({ mediatorId: candidates[0]?.mediatorId, basis: 'best_candidate' });
    expect(decision?.mediatorId).toBe('med_best');
  });

  it('offers the best candidate when a party has not picked', () => {
    // Prepare
    const picks = { pty_applicant: ['med_third'] };
    const { candidates } = rankMediators(dispute(), roster, { today, picks });

    // Act
    const decision = decideOffer(candidates, picks, parties);

    // Assess
    expect(decision?.basis).toBe('best_candidate');
  });

  it('never offers a conflicted mediator, even when every party picked it first', () => {
    // Prepare
    const picks = { pty_applicant: ['med_conflicted'], pty_respondent: ['med_conflicted'] };
    const { candidates } = rankMediators(dispute(), roster, { today, picks });

    // Act
    const decision = decideOffer(candidates, picks, parties);

    // Assess
    expect(decision).toEqual({ mediatorId: 'med_best', basis: 'best_candidate' });
  });

  it('ignores picks of ineligible mediators, so the next picks can agree', () => {
    // Prepare: the applicant's first pick is conflicted; its next pick matches the respondent's first
    const picks = { pty_applicant: ['med_conflicted', 'med_second'], pty_respondent: ['med_second'] };
    const { candidates } = rankMediators(dispute(), roster, { today, picks });

    // Act
    const decision = decideOffer(candidates, picks, parties);

    // Assess
    expect(decision).toEqual({ mediatorId: 'med_second', basis: 'unanimous_pick' });
  });

  it('never offers a picked mediator that is not a candidate', () => {
    // Prepare: the candidates come from a ranking made without the conflicted mediator's eligibility
    const { candidates } = rankMediators(dispute(), roster, { today });
    const picks = { pty_applicant: ['med_unknown'], pty_respondent: ['med_unknown'] };

    // Act
    const decision = decideOffer(candidates, picks, parties);

    // Assess
    expect(decision).toEqual({ mediatorId: 'med_best', basis: 'best_candidate' });
  });

  it('offers nobody when there is no candidate', () => {
    expect(decideOffer([], { pty_applicant: ['med_best'] }, parties)).toBeUndefined();
  });
});
