import { describe, expect, it } from 'vitest';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import type { Settlement } from '../../shared/domain/settlement/settlement';
import {
  parseSettlementDocument,
  renderSettlementDocument,
  type SettlementDocumentInput,
  settlementDocumentHtml,
  sha256Hex,
} from '../../shared/domain/settlement/settlement-document';
import { DocumentChanged, withSignature } from '../../shared/domain/settlement/settlement-signing';
import { type SettlementTerms, termsProblems } from '../../shared/domain/settlement/settlement-terms';

const terms = (): SettlementTerms => ({
  obligations: [
    {
      kind: 'payment',
      debtor: 'pty_b',
      creditor: 'pty_a',
      amountMinor: 300_000,
      currency: 'CNY',
      instalments: [
        { dueDate: '2026-10-15', amountMinor: 100_000 },
        { dueDate: '2026-11-15', amountMinor: 200_000 },
      ],
    },
    {
      kind: 'act',
      debtor: 'pty_a',
      creditor: 'pty_b',
      description: 'Return the laptop <in its box>',
      dueDate: '2026-10-01',
    },
  ],
  clauses: ['Each party bears its own costs.'],
  subjectMatter: { description: 'Sale of a laptop', touchesPersonalStatus: false, confirmsTitle: false },
});

const input = (overrides: Partial<SettlementDocumentInput> = {}): SettlementDocumentInput => ({
  settlementId: 'stl_1',
  disputeId: 'dsp_12345678',
  settlementVersion: 1,
  parties: [
    {
      partyId: 'pty_b',
      name: 'Shenzhen Good Goods Ltd',
      role: 'respondent',
      kind: 'company',
      idMasked: '9144**********1X',
    },
    { partyId: 'pty_a', name: '张三', role: 'applicant', kind: 'person', idMasked: '4403**********1234' },
  ],
  mediator: { mediatorId: 'med_1', name: 'Li Si', organizationId: 'org_1' },
  terms: terms(),
  ...overrides,
});

describe('renderSettlementDocument', () => {
  it('gives the same bytes and hash for the same terms', () => {
    // Prepare: the same terms, parties listed in a different order, members in a different order
    const first = renderSettlementDocument(input());
    const reordered = input({ parties: [...input().parties].reverse() });
    const { subjectMatter } = reordered.terms;
    reordered.terms = {
      ...reordered.terms,
      subjectMatter: {
        confirmsTitle: subjectMatter.confirmsTitle,
        touchesPersonalStatus: subjectMatter.touchesPersonalStatus,
        description: subjectMatter.description,
      },
    };

    // Act
    const second = renderSettlementDocument(reordered);

    // Assess
    expect(Buffer.from(second.content).equals(Buffer.from(first.content))).toBe(true);
    expect(second.sha256).toBe(first.sha256);
    expect(first.sha256).toBe(sha256Hex(first.content));
    expect(first.mediaType).toBe('application/json');
  });

  it('gives a different hash when the terms or the version change', () => {
    const base = renderSettlementDocument(input());
    const changed = terms();
    changed.clauses = ['Each party bears half the costs.'];
    expect(renderSettlementDocument(input({ terms: changed })).sha256).not.toBe(base.sha256);
    expect(renderSettlementDocument(input({ settlementVersion: 2 })).sha256).not.toBe(base.sha256);
  });

  it('is canonical JSON that reads back to the document', () => {
    const rendered = renderSettlementDocument(input());
    const text = new TextDecoder().decode(rendered.content);
    expect(text).not.toMatch(/\s"/);
    expect(parseSettlementDocument(rendered.content)).toEqual(rendered.document);
    expect(rendered.document.parties.map((party) => party.partyId)).toEqual(['pty_a', 'pty_b']);
  });

  it('renders a bilingual page with every value escaped', () => {
    const rendered = renderSettlementDocument(input());
    const page = settlementDocumentHtml(rendered.document, rendered.sha256);
    expect(page).toContain('调解协议书 / Mediation settlement agreement');
    expect(page).toContain('CNY 3,000.00');
    expect(page).toContain('Return the laptop &lt;in its box&gt;');
    expect(page).not.toContain('<in its box>');
    expect(page).toContain(rendered.sha256);
  });
});

describe('termsProblems', () => {
  const context = { partyIds: ['pty_a', 'pty_b'], today: '2026-09-01' };

  it('accepts terms between the parties with instalments adding up', () => {
    expect(termsProblems(terms(), context)).toEqual([]);
  });

  it('names a party outside the dispute, a wrong sum, a past due date and a zero amount', () => {
    const bad = terms();
    bad.obligations = [
      {
        kind: 'payment',
        debtor: 'pty_x',
        creditor: 'pty_a',
        amountMinor: 0,
        currency: 'CNY',
        instalments: [{ dueDate: '2026-08-31', amountMinor: 5 }],
      },
    ];
    const codes = termsProblems(bad, context).map((problem) => problem.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'obligation_party_unknown',
        'amount_not_positive',
        'due_date_past',
        'instalments_sum_mismatch',
      ]),
    );
  });

  it('refuses a due date that is no calendar day', () => {
    const bad = terms();
    bad.obligations = [{ kind: 'act', debtor: 'pty_a', creditor: 'pty_b', description: 'x', dueDate: '2026-02-30' }];
    expect(termsProblems(bad, context).map((problem) => problem.code)).toEqual(['due_date_invalid']);
  });
});

describe('withSignature', () => {
  const settlement = (): Settlement => ({
    settlementId: 'stl_1',
    disputeId: 'dsp_1',
    version: 1,
    ...terms(),
    document: { key: 'k', sha256: 'a'.repeat(64), size: 1, mediaType: 'application/json' },
    signatures: [],
    status: 'awaiting_signatures',
    recordedBy: 'med',
    createdAt: '2026-09-01T00:00:00.000Z',
  });
  const signature = (partyId: string, signedAt: string, documentSha256 = 'a'.repeat(64)) => ({
    partyId,
    signedBy: `sub_${partyId}`,
    signedAt,
    method: 'session' as const,
    documentSha256,
    client: {},
  });
  const context = { partyIds: ['pty_a', 'pty_b'], calendar: chinaHolidayCalendar };

  it('refuses a hash that is not the current document', () => {
    expect(() =>
      withSignature(settlement(), signature('pty_a', '2026-09-02T00:00:00Z', 'b'.repeat(64)), context),
    ).toThrow(DocumentChanged);
  });

  it('takes effect at the last signature; a window ending in the National Day holiday ends on the next working day', () => {
    // Prepare: 3 September 2026 10:00 Shanghai + 30 days = 3 October, inside the 1–7 October holiday
    const one = withSignature(settlement(), signature('pty_a', '2026-09-02T02:00:00.000Z'), context);
    expect(one.status).toBe('awaiting_signatures');

    // Act
    const both = withSignature(one, signature('pty_b', '2026-09-03T02:00:00.000Z'), context);

    // Assess
    expect(both.status).toBe('effective');
    expect(both.effectiveAt).toBe('2026-09-03T02:00:00.000Z');
    expect(both.applicationDeadline).toEqual({ lastDay: '2026-10-08', endsAt: '2026-10-08T16:00:00.000Z' });
  });

  it('counts from the Shanghai day, not the UTC day', () => {
    // 2 September 2026 23:30 Shanghai is still 2 September there (15:30 UTC): the window ends 2 October → holiday → 8 October
    const one = withSignature(settlement(), signature('pty_a', '2026-09-01T00:00:00.000Z'), context);
    const both = withSignature(one, signature('pty_b', '2026-09-02T15:30:00.000Z'), context);
    expect(both.applicationDeadline?.lastDay).toBe('2026-10-08');
    // 17:00 UTC is already 3 September in Shanghai; 1 August + 30 days = 31 August, a Monday
    const plain = withSignature(
      withSignature(settlement(), signature('pty_a', '2026-07-31T00:00:00.000Z'), context),
      signature('pty_b', '2026-07-31T17:00:00.000Z'),
      context,
    );
    expect(plain.applicationDeadline?.lastDay).toBe('2026-08-31');
  });
});
