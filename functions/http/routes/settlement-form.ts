import * as z from 'zod';
import type { SettlementTerms } from '../../../shared/domain/settlement/settlement-terms';
import {
  type SettlementForm,
  type SettlementFormField,
  settlementFormFields,
} from '../pages/staff/settlement-form-fields';
import { text } from './schemas';

export { type SettlementForm, type SettlementFormField, settlementFormFields };

/**
 * The case room's settlement form: one obligation (a payment in one instalment, or an act) with
 * clauses and the subject matter, in the words a mediator types. The API takes any number of
 * obligations and instalments (POST /v1/disputes/{id}/settlement); the page keeps to the common case.
 */

const bilingual = (zh: string, en: string) => `${zh} / ${en}`;

const formSchema = z
  .object({
    csrf: z.string(),
    intent: z.enum(['preview', 'record']),
    kind: z.enum(['payment', 'act']),
    debtor: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, bilingual('请选择义务人', 'choose who owes')),
    creditor: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, bilingual('请选择权利人', 'choose who is owed')),
    amount: z
      .string()
      .regex(
        /^\d{1,12}(\.\d{1,2})?$/,
        bilingual('金额须为数字，最多两位小数', 'the amount is a number with at most two decimals'),
      )
      .optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, bilingual('币种为三个大写字母', 'the currency is three capital letters')),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('请填写到期日', 'enter the due date')),
    description: text({ max: 1000, multiline: true, label: { zh: '履行内容', en: 'what is to be done' } }).optional(),
    clauses: text({ max: 4000, multiline: true, label: { zh: '其他条款', en: 'the other clauses' } }).optional(),
    subject: text({ min: 2, max: 1000, multiline: true, label: { zh: '标的', en: 'the subject matter' } }),
    touchesPersonalStatus: z.literal('yes').optional(),
    confirmsTitle: z.literal('yes').optional(),
    locationRegion: z
      .string()
      .regex(/^\d{6}$/, bilingual('行政区划代码为六位数字', 'a division code is six digits'))
      .optional(),
  })
  .strict();

export type ParsedSettlementForm =
  | { ok: true; intent: 'preview' | 'record'; terms: SettlementTerms }
  | { ok: false; errors: Partial<Record<SettlementFormField | 'form', string>> };

/** The terms a filled form states, or the problem at each field (nothing is recorded then). */
export function parseSettlementForm(form: Record<string, string>): ParsedSettlementForm {
  const present = Object.fromEntries(Object.entries(form).filter(([, value]) => value.trim() !== ''));
  const parsed = formSchema.safeParse(present);
  // What each kind of obligation needs, checked whatever else is wrong, so every problem shows at once.
  const needed: Partial<Record<SettlementFormField, string>> = {};
  if (present.kind !== 'act' && !present.amount) needed.amount = bilingual('请填写金额', 'enter the amount');
  if (present.kind === 'act' && !present.description) {
    needed.description = bilingual('请写明履行内容', 'say what is to be done');
  }
  if (!parsed.success || Object.keys(needed).length > 0) {
    const errors: Partial<Record<SettlementFormField | 'form', string>> = {};
    for (const issue of parsed.error?.issues ?? []) {
      const field = String(issue.path[0] ?? 'form');
      const key = (settlementFormFields as readonly string[]).includes(field) ? (field as SettlementFormField) : 'form';
      errors[key] ??= issue.message;
    }
    return { ok: false, errors: { ...needed, ...errors } };
  }
  const data = parsed.data;
  const obligation: SettlementTerms['obligations'][number] =
    data.kind === 'payment'
      ? {
          kind: 'payment',
          debtor: data.debtor,
          creditor: data.creditor,
          amountMinor: minorUnits(data.amount ?? '0'),
          currency: data.currency,
          instalments: [{ dueDate: data.dueDate, amountMinor: minorUnits(data.amount ?? '0') }],
        }
      : {
          kind: 'act',
          debtor: data.debtor,
          creditor: data.creditor,
          description: data.description ?? '',
          dueDate: data.dueDate,
        };
  return {
    ok: true,
    intent: data.intent,
    terms: {
      obligations: [obligation],
      clauses: (data.clauses ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
      subjectMatter: {
        description: data.subject,
        touchesPersonalStatus: data.touchesPersonalStatus === 'yes',
        confirmsTitle: data.confirmsTitle === 'yes',
        ...(data.locationRegion ? { locationRegion: data.locationRegion } : {}),
      },
    },
  };
}

/** "1200.5" → 120050: decimal text to minor units without floating-point rounding. */
export function minorUnits(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Where a rule of the terms points (`obligations.0.instalments.0.dueDate`), as a form field. */
export function fieldOfTermsPath(path: string): SettlementFormField | 'form' {
  if (/^obligations\.\d+\.(debtor|creditor)$/.test(path)) return path.endsWith('debtor') ? 'debtor' : 'creditor';
  if (path.includes('dueDate')) return 'dueDate';
  if (path.includes('amountMinor')) return 'amount';
  if (path.startsWith('subjectMatter')) return 'subject';
  return 'form';
}
