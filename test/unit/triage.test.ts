import { describe, expect, it } from 'vitest';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import { periodEnd } from '../../shared/domain/calendar/service-periods';
import { RuleViolation } from '../../shared/domain/errors';
import {
  extendMediation,
  type IntakeParty,
  type MediationTerm,
  type TriageIntake,
  triageDispute,
} from '../../shared/domain/mediation/triage';

const shanghai = (wallClock: string) => new Date(`${wallClock}+08:00`);
const yuan = (amount: number) => amount * 100;
const mainland = (id: string): IntakeParty => ({ id, domicileCountry: 'CN', nationality: 'CN' });

function intake(overrides: Partial<TriageIntake> = {}): TriageIntake {
  return {
    category: 'online_shopping_contract',
    claimMinor: yuan(3_000),
    currency: 'CNY',
    stage: 'pre_filing',
    parties: [mainland('pty_applicant'), mainland('pty_respondent')],
    filedAt: shanghai('2026-03-02T10:00:00'),
    ...overrides,
  };
}

function rejection(act: () => unknown): RuleViolation {
  try {
    act();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error('expected a RuleViolation');
}

describe('triageDispute', () => {
  it('puts a small domestic shopping dispute on the simple track with no flags', () => {
    // Act
    const triage = triageDispute(intake(), chinaHolidayCalendar);

    // Assess
    expect(triage.track).toBe('simple');
    expect(triage.trackReasons).toEqual(['within_simple_limits']);
    expect(triage.flags).toEqual({ crossBorder: false, manyParties: false });
  });

  it.each(['family', 'commercial', 'online_product_liability'] as const)(
    'puts a %s dispute on the complex track at any amount',
    (category) => {
      // Act
      const triage = triageDispute(intake({ category, claimMinor: yuan(500) }), chinaHolidayCalendar);

      // Assess
      expect(triage.track).toBe('complex');
      expect(triage.trackReasons).toContain('category_always_complex');
    },
  );

  it('puts online copyright above ¥100,000 on the complex track, and at ¥100,000 on the simple one', () => {
    // Act
    const above = triageDispute(
      intake({ category: 'online_copyright', claimMinor: yuan(100_000) + 1 }),
      chinaHolidayCalendar,
    );
    const at = triageDispute(intake({ category: 'online_copyright', claimMinor: yuan(100_000) }), chinaHolidayCalendar);

    // Assess
    expect(above.track).toBe('complex');
    expect(above.trackReasons).toEqual(['amount_above_category_threshold']);
    expect(at.track).toBe('simple');
  });

  it('puts other categories above ¥500,000 on the complex track', () => {
    // Act
    const above = triageDispute(
      intake({ category: 'financial_loan_contract', claimMinor: yuan(500_001) }),
      chinaHolidayCalendar,
    );
    const below = triageDispute(
      intake({ category: 'financial_loan_contract', claimMinor: yuan(300_000) }),
      chinaHolidayCalendar,
    );

    // Assess
    expect(above.track).toBe('complex');
    expect(below.track).toBe('simple');
  });

  it.each([
    ['a claim in another currency', { currency: 'USD' }],
    ['a party domiciled in Hong Kong', { parties: [mainland('pty_a'), { id: 'pty_b', domicileCountry: 'HK' }] }],
    [
      'a party of another nationality living in the mainland',
      { parties: [mainland('pty_a'), { id: 'pty_b', domicileCountry: 'CN', nationality: 'US' }] },
    ],
    ['the filer saying so', { crossBorder: true }],
  ] as const)('flags cross-border for %s and makes it complex', (_, overrides) => {
    // Act
    const triage = triageDispute(intake(overrides), chinaHolidayCalendar);

    // Assess
    expect(triage.flags.crossBorder).toBe(true);
    expect(triage.track).toBe('complex');
    expect(triage.trackReasons).toContain('cross_border');
  });

  it('flags many parties above two parties', () => {
    // Act
    const three = triageDispute(
      intake({ parties: [mainland('pty_a'), mainland('pty_b'), mainland('pty_c')] }),
      chinaHolidayCalendar,
    );
    const two = triageDispute(intake(), chinaHolidayCalendar);

    // Assess
    expect(three.flags.manyParties).toBe(true);
    expect(two.flags.manyParties).toBe(false);
  });

  it('gives pre-filing mediation 30 days from filing, counted as periods are', () => {
    // Prepare: filed 3 September 2026; day 30 falls on the National Day holiday
    const filedAt = shanghai('2026-09-03T09:00:00');

    // Act
    const triage = triageDispute(intake({ filedAt }), chinaHolidayCalendar);

    // Assess
    expect(triage.mediationDeadline.lastDay).toBe('2026-10-08');
    expect(triage.mediationDeadline.endsAt.toISOString()).toBe('2026-10-08T16:00:00.000Z');
  });

  it('gives in-litigation mediation the same 30 days', () => {
    // Act
    const triage = triageDispute(intake({ stage: 'in_litigation' }), chinaHolidayCalendar);

    // Assess
    expect(triage.mediationDeadline.lastDay).toBe('2026-04-01');
  });

  it('refuses a negative or fractional claim amount', () => {
    expect(rejection(() => triageDispute(intake({ claimMinor: -1 }), chinaHolidayCalendar)).code).toBe(
      'invalid_claim_amount',
    );
    expect(rejection(() => triageDispute(intake({ claimMinor: 10.5 }), chinaHolidayCalendar)).code).toBe(
      'invalid_claim_amount',
    );
  });

  it('refuses a dispute with a single party', () => {
    expect(rejection(() => triageDispute(intake({ parties: [mainland('pty_a')] }), chinaHolidayCalendar)).code).toBe(
      'too_few_parties',
    );
  });
});

describe('extendMediation', () => {
  const filedAt = shanghai('2026-03-02T10:00:00');
  const now = shanghai('2026-03-20T12:00:00');

  function term(overrides: Partial<MediationTerm> = {}): MediationTerm {
    return {
      status: 'in_mediation',
      partyIds: ['pty_applicant', 'pty_respondent'],
      mediationDeadline: periodEnd(filedAt, 30, chinaHolidayCalendar),
      extensionUsed: false,
      extensionAgreedBy: [],
      ...overrides,
    };
  }

  it('waits for the other party when one party agrees', () => {
    // Act
    const outcome = extendMediation(term(), ['pty_applicant'], { now, calendar: chinaHolidayCalendar });

    // Assess
    expect(outcome).toEqual({ applied: false, extensionAgreedBy: ['pty_applicant'], waitingFor: ['pty_respondent'] });
  });

  it('extends by 30 days from the current deadline when the last party agrees', () => {
    // Prepare: the deadline is 1 April 2026 and the applicant has agreed
    const dispute = term({ extensionAgreedBy: ['pty_applicant'] });

    // Act
    const outcome = extendMediation(dispute, ['pty_respondent'], { now, calendar: chinaHolidayCalendar });

    // Assess: 1 April + 30 days is Friday 1 May, Labour Day (1–5 May), so it ends on Wednesday 6 May
    expect(outcome.applied).toBe(true);
    if (!outcome.applied) return;
    expect(outcome.extensionAgreedBy).toEqual(['pty_applicant', 'pty_respondent']);
    expect(outcome.mediationDeadline.lastDay).toBe('2026-05-06');
    expect(outcome.mediationDeadline.endsAt.toISOString()).toBe('2026-05-06T16:00:00.000Z');
  });

  it('needs every party of a many-party dispute', () => {
    // Prepare
    const dispute = term({ partyIds: ['pty_a', 'pty_b', 'pty_c'], extensionAgreedBy: ['pty_a'] });

    // Act
    const outcome = extendMediation(dispute, ['pty_c'], { now, calendar: chinaHolidayCalendar });

    // Assess
    expect(outcome).toEqual({ applied: false, extensionAgreedBy: ['pty_a', 'pty_c'], waitingFor: ['pty_b'] });
  });

  it('changes nothing when a party agrees twice', () => {
    // Prepare
    const dispute = term({ extensionAgreedBy: ['pty_applicant'] });

    // Act
    const outcome = extendMediation(dispute, ['pty_applicant'], { now, calendar: chinaHolidayCalendar });

    // Assess
    expect(outcome).toEqual({ applied: false, extensionAgreedBy: ['pty_applicant'], waitingFor: ['pty_respondent'] });
  });

  it('extends only once', () => {
    // Prepare
    const dispute = term({ extensionUsed: true });

    // Act
    const error = rejection(() =>
      extendMediation(dispute, ['pty_applicant', 'pty_respondent'], { now, calendar: chinaHolidayCalendar }),
    );

    // Assess
    expect(error.code).toBe('extension_already_used');
    expect(error.category).toBe('rule');
  });

  it.each(['filed', 'settled', 'failed', 'withdrawn', 'expired'] as const)(
    'refuses when the dispute is %s',
    (status) => {
      // Act
      const error = rejection(() =>
        extendMediation(term({ status }), ['pty_applicant'], { now, calendar: chinaHolidayCalendar }),
      );

      // Assess
      expect(error.code).toBe('mediation_not_running');
    },
  );

  it('refuses once the mediation period has ended', () => {
    // Prepare: 24:00 on 1 April 2026 in Shanghai
    const after = shanghai('2026-04-02T00:00:00');

    // Act
    const error = rejection(() =>
      extendMediation(term(), ['pty_applicant'], { now: after, calendar: chinaHolidayCalendar }),
    );

    // Assess
    expect(error.code).toBe('mediation_period_ended');
  });

  it('refuses an agreement from someone who is not a party', () => {
    // Act
    const error = rejection(() => extendMediation(term(), ['pty_stranger'], { now, calendar: chinaHolidayCalendar }));

    // Assess
    expect(error.code).toBe('not_a_party');
  });
});
