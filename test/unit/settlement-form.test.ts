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

  it('takes a payment in instalments typed one a line, and a second obligation when its kind is chosen', () => {
    const parsed = parseSettlementForm({
      ...filled,
      amount: '3000',
      dueDate: '',
      instalments: '2099-01-31 1000\n 2099-02-28，2000.00 \n',
      kind2: 'act',
      debtor2: 'prt_a',
      creditor2: 'prt_b',
      currency2: 'CNY',
      dueDate2: '2099-01-15',
      description2: '退回笔记本电脑',
    });

    expect(parsed).toMatchObject({
      ok: true,
      terms: {
        obligations: [
          {
            kind: 'payment',
            amountMinor: 300_000,
            instalments: [
              { dueDate: '2099-01-31', amountMinor: 100_000 },
              { dueDate: '2099-02-28', amountMinor: 200_000 },
            ],
          },
          { kind: 'act', debtor: 'prt_a', creditor: 'prt_b', description: '退回笔记本电脑', dueDate: '2099-01-15' },
        ],
      },
    });
  });

  it('leaves the second obligation out while its kind is "none", whatever its other fields hold', () => {
    const parsed = parseSettlementForm({
      ...filled,
      kind2: '',
      debtor2: 'prt_a',
      creditor2: 'prt_b',
      currency2: 'CNY',
    });

    expect(parsed.ok && parsed.terms.obligations).toHaveLength(1);
  });

  it('puts each problem at the field of its own block: an unreadable schedule, a second obligation without its due date', () => {
    const parsed = parseSettlementForm({
      ...filled,
      instalments: '31/01/2099 1000',
      kind2: 'payment',
      debtor2: 'prt_a',
      creditor2: 'prt_b',
      currency2: 'CNY',
    });

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['amount2', 'dueDate2', 'instalments']);
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

  it('puts a rule about the second obligation, or about a typed schedule, at that block’s field', () => {
    expect(fieldOfTermsPath('obligations.1.creditor')).toBe('creditor2');
    expect(fieldOfTermsPath('obligations.1.dueDate')).toBe('dueDate2');
    expect(fieldOfTermsPath('obligations.0.instalments', { instalments: '2099-01-31 1' })).toBe('instalments');
    expect(fieldOfTermsPath('obligations.0.instalments.1.dueDate', { instalments: 'x' })).toBe('instalments');
    expect(fieldOfTermsPath('obligations.0.instalments')).toBe('amount');
    expect(fieldOfTermsPath('obligations.5.debtor')).toBe('form');
  });
});
