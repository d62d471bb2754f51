import { describe, expect, it } from 'vitest';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import type { Court } from '../../shared/domain/roster/court';
import {
  type CompetenceFacts,
  competentCourts,
  firstFailure,
  intermediateJurisdiction,
  preCheck,
} from '../../shared/domain/settlement/competence';
import {
  ConflictingRepeat,
  decide,
  decideAcceptance,
  extendRulingPeriod,
  joinApplication,
  openApplication,
  overdueFlags,
  withdrawApplication,
} from '../../shared/domain/settlement/confirmation-request';
import type { Settlement } from '../../shared/domain/settlement/settlement';

function court(id: string, overrides: Partial<Court> = {}): Court {
  return {
    id,
    name: `Court ${id}`,
    level: 'basic',
    regionCode: '440304',
    jurisdiction: { regions: ['440304'], caseTypes: [] },
    clientId: `client-${id}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const roster: Court[] = [
  court('futian', { jurisdiction: { regions: ['440304'], caseTypes: [] } }),
  court('nanshan', { regionCode: '440305', jurisdiction: { regions: ['440305'], caseTypes: [] } }),
  court('luohu', { regionCode: '440303', jurisdiction: { regions: ['440303'], caseTypes: ['labour'] } }),
  court('baoan', { regionCode: '440306', jurisdiction: { regions: ['440306'], caseTypes: [] } }),
  court('szmid', { level: 'intermediate', regionCode: '440300', jurisdiction: { regions: ['4403'], caseTypes: [] } }),
  court('gdhigh', { level: 'high', regionCode: '440000', jurisdiction: { regions: ['44'], caseTypes: [] } }),
];

function facts(
  overrides: Partial<CompetenceFacts> = {},
  dispute: Partial<CompetenceFacts['dispute']> = {},
): CompetenceFacts {
  return {
    dispute: {
      category: 'online_shopping_contract',
      claim: { amountMinor: 320_000, currency: 'CNY' },
      regionCode: '440304',
      subjectMatterRegion: '440306',
      crossBorder: false,
      ...dispute,
    },
    partyDomiciles: [
      { regionCode: '440304', country: 'CN' },
      { regionCode: '440305', country: 'CN' },
    ],
    organizationRegion: '440303',
    courts: roster,
    ...overrides,
  };
}

describe('competentCourts', () => {
  it('names only the court that invited the mediation', () => {
    const result = competentCourts(facts({}, { courtId: 'nanshan' }));
    expect(result.basis).toBe('invited_mediation');
    expect(result.courts.map((c) => c.courtId)).toEqual(['nanshan']);
    expect(result.courts[0]?.grounds[0]?.ground).toBe('invited_mediation');
  });

  it('otherwise names basic-level courts where a party lives, the subject matter is, or the organization sits, with the grounds', () => {
    const result = competentCourts(facts());
    expect(result.basis).toBe('basic_level');
    const byId = Object.fromEntries(result.courts.map((c) => [c.courtId, c.grounds.map((g) => g.ground)]));
    expect(byId).toEqual({
      futian: ['party_domicile'],
      nanshan: ['party_domicile'],
      baoan: ['subject_matter_location'],
    });
    // Luohu hears only labour disputes, so the organization's seat does not make it competent.
    expect(byId.luohu).toBeUndefined();
  });

  it('takes a court whose case types include the category at the organization seat', () => {
    const result = competentCourts(facts({}, { category: 'labour' }));
    expect(result.courts.find((c) => c.courtId === 'luohu')?.grounds.map((g) => g.ground)).toEqual([
      'mediation_organization_seat',
    ]);
  });

  it('prefers the settlement’s stated location of the subject matter', () => {
    const result = competentCourts(facts({ subjectMatterLocation: '440305' }));
    expect(result.courts.map((c) => c.courtId).sort()).toEqual(['futian', 'nanshan']);
  });

  it('skips a party domiciled abroad', () => {
    const result = competentCourts(facts({ partyDomiciles: [{ country: 'HK' }] }));
    expect(result.courts.map((c) => c.courtId)).toEqual(['baoan']);
  });

  it('sends a dispute with a claim at the intermediate threshold to the intermediate court instead', () => {
    const result = competentCourts(facts({}, { claim: { amountMinor: 500_000_000 * 100, currency: 'CNY' } }));
    expect(result.basis).toBe('intermediate');
    expect(result.courts.map((c) => c.courtId)).toEqual(['szmid']);
    expect(result.intermediateReason).toMatch(/threshold/);
    const below = competentCourts(facts({}, { claim: { amountMinor: 500_000_000 * 100 - 1, currency: 'CNY' } }));
    expect(below.basis).toBe('basic_level');
  });

  it('sends a foreign-related dispute of CNY 40 million in Guangdong to the intermediate court, not one cent less', () => {
    expect(
      intermediateJurisdiction(facts({}, { crossBorder: true, claim: { amountMinor: 4e9, currency: 'CNY' } })),
    ).toMatch(/foreign-related/);
    expect(
      intermediateJurisdiction(facts({}, { crossBorder: true, claim: { amountMinor: 4e9 - 1, currency: 'CNY' } })),
    ).toBeUndefined();
    // Elsewhere the threshold is CNY 20 million.
    expect(
      intermediateJurisdiction(
        facts({}, { regionCode: '510104', crossBorder: true, claim: { amountMinor: 2e9, currency: 'CNY' } }),
      ),
    ).toMatch(/foreign-related/);
  });

  it('returns no court when none on the roster covers the places', () => {
    expect(
      competentCourts(facts({ courts: [court('x', { jurisdiction: { regions: ['11'], caseTypes: [] } })] })).courts,
    ).toEqual([]);
  });
});

function settlement(overrides: Partial<Settlement> = {}): Settlement {
  return {
    settlementId: 'stl_1',
    disputeId: 'dsp_1',
    version: 1,
    obligations: [],
    clauses: [],
    subjectMatter: { description: 'refund', touchesPersonalStatus: false, confirmsTitle: false },
    document: { key: 'k', sha256: 'abc', size: 1, mediaType: 'application/json' },
    signatures: ['p1', 'p2'].map((partyId) => ({
      partyId,
      signedBy: partyId,
      signedAt: '2026-03-01T02:00:00.000Z',
      method: 'session' as const,
      documentSha256: 'abc',
      client: {},
    })),
    status: 'effective',
    effectiveAt: '2026-03-01T02:00:00.000Z',
    applicationDeadline: { lastDay: '2026-03-31', endsAt: '2026-03-31T16:00:00.000Z' },
    recordedBy: 'med',
    createdAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('preCheck', () => {
  const competence = competentCourts(facts());
  const check = (s: Settlement, now: string, courtId?: string) =>
    preCheck({
      settlement: s,
      partyIds: ['p1', 'p2'],
      competence,
      ...(courtId ? { courtId } : {}),
      now: new Date(now),
      calendar: chinaHolidayCalendar,
    });

  it('fails the competent-court rule when every competent court rejected the settlement, naming them', () => {
    // Prepare
    const all = competence.courts.map((court) => court.courtId);

    // Act
    const verdicts = preCheck({
      settlement: settlement(),
      partyIds: ['p1', 'p2'],
      competence,
      rejectedBy: all,
      now: new Date('2026-03-10T02:00:00.000Z'),
      calendar: chinaHolidayCalendar,
    });

    // Assess
    const competent = verdicts.find((verdict) => verdict.rule === 'competent_court');
    expect(competent?.passed).toBe(false);
    expect(competent?.explanation).toMatch(/every competent court has rejected this settlement/);
    expect(competent?.details).toMatchObject({ rejectedCourtIds: all });
  });

  it('passes every rule on the last day of the window', () => {
    expect(check(settlement(), '2026-03-31T15:59:59.999Z', 'futian').every((v) => v.passed)).toBe(true);
  });

  it('closes the window at 24:00 Asia/Shanghai of the last day', () => {
    expect(firstFailure(check(settlement(), '2026-03-31T16:00:00.000Z', 'futian'))?.code).toBe(
      'application_window_closed',
    );
  });

  it('computes the window from effectiveAt when no deadline is stored, moving a holiday end to the next working day', () => {
    // Effective 2026-03-05: day 30 is 2026-04-04 (Qingming, 4–6 April), so the window ends 2026-04-07.
    const s = settlement({ effectiveAt: '2026-03-05T02:00:00.000Z' });
    delete s.applicationDeadline;
    expect(check(s, '2026-04-07T15:59:59.999Z', 'futian').every((v) => v.passed)).toBe(true);
    expect(firstFailure(check(s, '2026-04-07T16:00:00.000Z', 'futian'))?.code).toBe('application_window_closed');
  });

  it('refuses a settlement not yet effective, naming the party that has not signed', () => {
    const s = settlement({ status: 'awaiting_signatures', signatures: settlement().signatures.slice(0, 1) });
    delete s.effectiveAt;
    delete s.applicationDeadline;
    const verdicts = check(s, '2026-03-02T00:00:00.000Z', 'futian');
    expect(firstFailure(verdicts)?.code).toBe('settlement_not_effective');
    expect(verdicts.find((v) => v.rule === 'all_parties_signed')?.details).toEqual({ missingPartyIds: ['p2'] });
  });

  it('refuses a matter of personal status or title', () => {
    for (const subjectMatter of [
      { description: 'adoption', touchesPersonalStatus: true, confirmsTitle: false },
      { description: 'title to a flat', touchesPersonalStatus: false, confirmsTitle: true },
    ]) {
      expect(firstFailure(check(settlement({ subjectMatter }), '2026-03-02T00:00:00.000Z', 'futian'))?.code).toBe(
        'matter_not_confirmable',
      );
    }
  });

  it('refuses a court that is not competent', () => {
    expect(firstFailure(check(settlement(), '2026-03-02T00:00:00.000Z', 'luohu'))?.code).toBe('court_not_competent');
  });
});

describe('confirmation request lifecycle', () => {
  const calendar = chinaHolidayCalendar;
  const open = (now: string) =>
    openApplication({
      requestId: 'cfr_1',
      settlementId: 'stl_1',
      disputeId: 'dsp_1',
      settlementVersion: 1,
      documentSha256: 'abc',
      courtId: 'futian',
      requiredPartyIds: ['p1', 'p2'],
      applicant: { partyId: 'p1', subjectId: 's1' },
      now: new Date(now),
      calendar,
    });

  /** Opened by p1 and joined by p2 at the same instant: submitted to the court. */
  const submittedAt = (now: string) =>
    joinApplication(open(now), { partyId: 'p2', subjectId: 's2' }, 'futian', new Date(now), calendar).request;

  it('gathers, then submits when the last party joins, with 3 days to accept', () => {
    const gathering = open('2026-03-02T02:00:00.000Z');
    expect(gathering.status).toBe('gathering');
    const { request } = joinApplication(
      gathering,
      { partyId: 'p2', subjectId: 's2' },
      'futian',
      new Date('2026-03-02T03:00:00.000Z'),
      calendar,
    );
    expect(request.status).toBe('submitted');
    expect(request.acceptanceDeadline?.lastDay).toBe('2026-03-05');
    expect(joinApplication(request, { partyId: 'p2', subjectId: 's2' }, 'futian', new Date(), calendar).changed).toBe(
      false,
    );
    expect(() =>
      joinApplication(gathering, { partyId: 'p2', subjectId: 's2' }, 'nanshan', new Date(), calendar),
    ).toThrow(expect.objectContaining({ code: 'application_court_mismatch' }));
  });

  it('accepts, extends once, confirms, and treats identical repeats as no change and different ones as conflicts', () => {
    const submitted = submittedAt('2026-03-02T02:00:00.000Z');
    expect(overdueFlags(submitted, new Date('2026-03-05T15:59:59.999Z')).acceptanceOverdue).toBe(false);
    expect(overdueFlags(submitted, new Date('2026-03-05T16:00:00.000Z')).acceptanceOverdue).toBe(true);

    const accepted = decideAcceptance(
      submitted,
      { accepted: true },
      new Date('2026-03-03T02:00:00.000Z'),
      calendar,
    ).request;
    expect(accepted.status).toBe('accepted');
    expect(accepted.rulingDeadline?.lastDay).toBe('2026-03-18');
    expect(decideAcceptance(accepted, { accepted: true }, new Date(), calendar).changed).toBe(false);
    expect(() => decideAcceptance(accepted, { accepted: false, reasons: 'no' }, new Date(), calendar)).toThrow(
      ConflictingRepeat,
    );

    const extended = extendRulingPeriod(accepted, {}, new Date('2026-03-10T02:00:00.000Z'), calendar).request;
    expect(extended.rulingDeadline?.lastDay).toBe('2026-03-30'); // 28 March is a Saturday: moves to Monday
    expect(extendRulingPeriod(extended, {}, new Date(), calendar).changed).toBe(false);
    expect(() => extendRulingPeriod(extended, { reason: 'again' }, new Date(), calendar)).toThrow(ConflictingRepeat);

    const input = { outcome: 'confirmed' as const, rulingNumber: '(2026)粤0304民特1号', rulingDate: '2026-03-12' };
    const confirmed = decide(extended, input, new Date('2026-03-12T02:00:00.000Z')).request;
    expect(confirmed).toMatchObject({ status: 'confirmed', enforceable: true });
    expect(decide(confirmed, input, new Date()).changed).toBe(false);
    expect(() => decide(confirmed, { outcome: 'rejected', reasons: ['not_voluntary'], text: 'x' }, new Date())).toThrow(
      ConflictingRepeat,
    );
    expect(() => withdrawApplication(confirmed, 'p1', new Date())).toThrow(
      expect.objectContaining({ code: 'application_closed' }),
    );
  });

  it('refuses a ruling before acceptance and a not-accepted answer without reasons', () => {
    const submitted = submittedAt('2026-03-02T02:00:00.000Z');
    expect(() => decide(submitted, { outcome: 'rejected', reasons: ['not_voluntary'], text: 'x' }, new Date())).toThrow(
      expect.objectContaining({ code: 'application_not_accepted' }),
    );
    expect(() => decideAcceptance(submitted, { accepted: false }, new Date(), calendar)).toThrow(
      expect.objectContaining({ code: 'acceptance_reasons_required' }),
    );
  });
});
