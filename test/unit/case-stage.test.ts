import { describe, expect, it } from 'vitest';
import { type CaseFacts, caseStage } from '../../shared/domain/settlement/case-stage';

const effective: NonNullable<CaseFacts['settlement']> = {
  status: 'effective',
  signatures: [],
  applicationDeadline: { lastDay: '2026-04-07', endsAt: '2026-04-07T16:00:00.000Z' },
};

const facts = (overrides: Partial<CaseFacts>): CaseFacts => ({
  disputeStatus: 'settled',
  settlement: effective,
  partyId: 'pty_a',
  rulingServed: false,
  now: new Date('2026-03-10T02:00:00.000Z'),
  ...overrides,
});

describe('caseStage', () => {
  it('asks for an application until the last day of the window, and says when it has passed', () => {
    // Prepare: the last instant of 7 April in Shanghai, and the first of 8 April
    const lastMoment = new Date('2026-04-07T15:59:59.999Z');
    const after = new Date('2026-04-07T16:00:00.000Z');

    // Act / Assess
    expect(caseStage(facts({ now: lastMoment }))).toEqual({ stage: 'apply', applyBy: effective.applicationDeadline });
    expect(caseStage(facts({ now: after }))).toEqual({ stage: 'window_closed' });
  });

  it('tells a confirmation whose ruling was served from one still being served', () => {
    const request: CaseFacts['request'] = {
      status: 'confirmed',
      applicants: [],
      decision: {
        outcome: 'confirmed',
        rulingNumber: '(2026)粤0304民特1号',
        rulingDate: '2026-03-09',
        decidedAt: '2026-03-09T02:00:00.000Z',
        late: false,
      },
    };

    expect(caseStage(facts({ request, rulingServed: true }))).toMatchObject({ stage: 'confirmed', served: true });
    expect(caseStage(facts({ request }))).toMatchObject({ stage: 'confirmed', served: false });
  });

  it('offers no new application after a withdrawal once the window has passed', () => {
    const withdrawn: CaseFacts['request'] = { status: 'withdrawn', applicants: [] };

    expect(caseStage(facts({ request: withdrawn, now: new Date('2026-05-01T00:00:00.000Z') }))).toEqual({
      stage: 'application_withdrawn',
      windowOpen: false,
    });
  });

  it('names the dispute’s own status before any settlement, and a lapse over the closed status', () => {
    expect(caseStage(facts({ disputeStatus: 'triaged', settlement: undefined }))).toEqual({
      stage: 'mediation',
      status: 'triaged',
    });
    expect(
      caseStage(
        facts({
          disputeStatus: 'expired',
          settlement: {
            status: 'lapsed',
            signatures: [],
            lapsed: { reason: 'mediation_expired', at: '2026-03-10T02:00:00.000Z' },
          },
        }),
      ),
    ).toEqual({ stage: 'settlement_lapsed', reason: 'mediation_expired' });
  });
});
