import { describe, expect, it } from 'vitest';
import { fieldOfTermsPath, minorUnits, parseSettlementForm } from '../../functions/http/routes/settlement-form';

const filled = {
  csrf: 'x',
  intent: 'record',
  kind: 'payment',
  debtor: 'prt_b',
  creditor: 'prt_a',
  amount: '3200.5',
  currency: 'CNY',
  dueDate: '2099-01-31',
  subject: '网购笔记本电脑',
  clauses: 'one\n\n  two  \n',
};

describe('parseSettlementForm', () => {
  it('turns a payment form into terms with one instalment in minor units', () => {
    const parsed = parseSettlementForm(filled);

    expect(parsed).toEqual({
      ok: true,
      intent: 'record',
      terms: {
        obligations: [
          {
            kind: 'payment',
            debtor: 'prt_b',
            creditor: 'prt_a',
            amountMinor: 320_050,
            currency: 'CNY',
            instalments: [{ dueDate: '2099-01-31', amountMinor: 320_050 }],
          },
        ],
        clauses: ['one', 'two'],
        subjectMatter: { description: '网购笔记本电脑', touchesPersonalStatus: false, confirmsTitle: false },
      },
    });
  });

  it('names the field of each problem and records nothing', () => {
    const parsed = parseSettlementForm({ ...filled, amount: '32x', kind: 'act', subject: '' });

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['amount', 'description', 'subject']);
  });

  it('refuses a field a client sets by hand', () => {
    const parsed = parseSettlementForm({ ...filled, status: 'effective' });

    expect(parsed).toMatchObject({ ok: false, errors: { form: expect.any(String) } });
  });
});

describe('minorUnits', () => {
  it('reads decimal text without floating-point rounding', () => {
    expect(minorUnits('0.29')).toBe(29);
    expect(minorUnits('1200')).toBe(120_000);
    expect(minorUnits('19.9')).toBe(1990);
  });
});

describe('fieldOfTermsPath', () => {
  it('puts a rule of the terms at the form field it concerns', () => {
    expect(fieldOfTermsPath('obligations.0.instalments.0.dueDate')).toBe('dueDate');
    expect(fieldOfTermsPath('obligations.0.creditor')).toBe('creditor');
    expect(fieldOfTermsPath('obligations.0.amountMinor')).toBe('amount');
    expect(fieldOfTermsPath('obligations')).toBe('form');
  });
});
