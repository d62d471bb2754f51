import * as z from 'zod';
import type { SettlementTerms } from '../../../shared/domain/settlement/settlement-terms';
import {
  type ObligationFieldName,
  type ObligationSuffix,
  obligationFieldNames,
  obligationSuffixes,
  type SettlementForm,
  type SettlementFormField,
  settlementFormFields,
} from '../pages/staff/settlement-form-fields';
import { text } from './schemas';

export { type SettlementForm, type SettlementFormField, settlementFormFields };

/**
 * The case room's settlement form, in the words a mediator types: one or two obligations (a
 * payment, at once or in instalments, or an act), the other clauses and the subject matter. Each
 * obligation is a block of fields, the second with the suffix `2` and left out unless its kind is
 * chosen. Instalments are typed one a line, `due date amount` (2026-12-31 1500). The API takes any
 * number of obligations (POST /v1/disputes/{id}/settlement); the page keeps to what one screen holds.
 */

const bilingual = (zh: string, en: string) => `${zh} / ${en}`;

const termsSchema = z.object({
  csrf: z.string(),
  intent: z.enum(['preview', 'record']),
  clauses: text({ max: 4000, multiline: true, label: { zh: '其他条款', en: 'the other clauses' } }).optional(),
  subject: text({ min: 2, max: 1000, multiline: true, label: { zh: '标的', en: 'the subject matter' } }),
  touchesPersonalStatus: z.literal('yes').optional(),
  confirmsTitle: z.literal('yes').optional(),
  locationRegion: z
    .string()
    .regex(/^\d{6}$/, bilingual('行政区划代码为六位数字', 'a division code is six digits'))
    .optional(),
});

const amountText = z
  .string()
  .regex(
    /^\d{1,12}(\.\d{1,2})?$/,
    bilingual('金额须为数字，最多两位小数', 'the amount is a number with at most two decimals'),
  );
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('请填写到期日', 'enter the due date'));

const obligationSchema = z.object({
  kind: z.enum(['payment', 'act']),
  debtor: z
    .string({ error: bilingual('请选择义务人', 'choose who owes') })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, bilingual('请选择义务人', 'choose who owes')),
  creditor: z
    .string({ error: bilingual('请选择权利人', 'choose who is owed') })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, bilingual('请选择权利人', 'choose who is owed')),
  amount: amountText.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, bilingual('币种为三个大写字母', 'the currency is three capital letters')),
  dueDate: dateText.optional(),
  instalments: z.string().max(2000).optional(),
  description: text({ max: 1000, multiline: true, label: { zh: '履行内容', en: 'what is to be done' } }).optional(),
});

type Obligation = SettlementTerms['obligations'][number];
type Errors = Partial<Record<SettlementFormField | 'form', string>>;

export type ParsedSettlementForm =
  | { ok: true; intent: 'preview' | 'record'; terms: SettlementTerms }
  | { ok: false; errors: Errors };

const known = new Set<string>(['csrf', 'intent', ...settlementFormFields]);

/** The terms a filled form states, or the problem at each field (nothing is recorded then). */
export function parseSettlementForm(form: Record<string, string>): ParsedSettlementForm {
  const present = Object.fromEntries(Object.entries(form).filter(([, value]) => value.trim() !== ''));
  const errors: Errors = {};
  if (Object.keys(present).some((field) => !known.has(field))) {
    errors.form = bilingual('表单含有本页没有的字段', 'the form has a field this page does not have');
  }
  const terms = termsSchema.safeParse(present);
  // Left empty, the subject matter gets its own words, not the schema's "expected string".
  if (present.subject === undefined) errors.subject = bilingual('请写明标的', 'state the subject matter');
  for (const issue of terms.error?.issues ?? []) {
    const field = String(issue.path[0] ?? 'form');
    const key = known.has(field) && field !== 'csrf' && field !== 'intent' ? (field as SettlementFormField) : 'form';
    errors[key] ??= issue.message;
  }
  const obligations: Obligation[] = [];
  for (const suffix of obligationSuffixes) {
    const block = blockOf(present, suffix);
    // The second obligation is there only when its kind is chosen (its select starts at "none").
    if (suffix !== '' && block.kind === undefined) continue;
    const parsed = parseObligation(block);
    if ('obligation' in parsed) obligations.push(parsed.obligation);
    for (const [name, message] of Object.entries(parsed.errors ?? {})) {
      errors[`${name as ObligationFieldName}${suffix}`] ??= message;
    }
  }
  if (!terms.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const data = terms.data;
  return {
    ok: true,
    intent: data.intent,
    terms: {
      obligations,
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

/** One obligation's fields, by their names without the block's suffix. */
function blockOf(
  present: Record<string, string>,
  suffix: ObligationSuffix,
): Partial<Record<ObligationFieldName, string>> {
  return Object.fromEntries(
    obligationFieldNames.flatMap((name) => {
      const value = present[`${name}${suffix}`];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

type ObligationResult =
  | { obligation: Obligation; errors?: undefined }
  | { errors: Partial<Record<ObligationFieldName, string>> };

/** One block as an obligation; what each kind needs is checked whatever else is wrong, so every problem shows at once. */
function parseObligation(block: Partial<Record<ObligationFieldName, string>>): ObligationResult {
  const errors: Partial<Record<ObligationFieldName, string>> = {};
  const schedule = block.kind !== 'act' && block.instalments ? instalmentsOf(block.instalments) : undefined;
  if (block.kind !== 'act' && !block.amount) errors.amount = bilingual('请填写金额', 'enter the amount');
  if (block.kind === 'act' && !block.description) {
    errors.description = bilingual('请写明履行内容', 'say what is to be done');
  }
  if (schedule === 'unreadable') {
    errors.instalments = bilingual(
      '每行一期：到期日 金额，如 2026-12-31 1500',
      'one instalment a line: due date and amount, e.g. 2026-12-31 1500',
    );
  }
  if (!schedule && !block.dueDate) errors.dueDate = bilingual('请填写到期日', 'enter the due date');
  const parsed = obligationSchema.safeParse(block);
  for (const issue of parsed.error?.issues ?? []) {
    const field = String(issue.path[0] ?? 'kind') as ObligationFieldName;
    errors[field] ??= issue.message;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  const data = parsed.data;
  if (data.kind === 'act') {
    return {
      obligation: {
        kind: 'act',
        debtor: data.debtor,
        creditor: data.creditor,
        description: data.description ?? '',
        dueDate: data.dueDate ?? '',
      },
    };
  }
  const amountMinor = minorUnits(data.amount ?? '0');
  return {
    obligation: {
      kind: 'payment',
      debtor: data.debtor,
      creditor: data.creditor,
      amountMinor,
      currency: data.currency,
      // Without a schedule, the whole amount on the due date; with one, the rules check that it adds up.
      instalments: Array.isArray(schedule) ? schedule : [{ dueDate: data.dueDate ?? '', amountMinor }],
    },
  };
}

/** `2026-12-31 1500` lines as instalments, or 'unreadable' when a line is not one. */
function instalmentsOf(typed: string): Array<{ dueDate: string; amountMinor: number }> | 'unreadable' | undefined {
  const lines = typed
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return undefined;
  const instalments = lines.map((line) => /^(\d{4}-\d{2}-\d{2})[\s,，]+(\d{1,12}(?:\.\d{1,2})?)$/.exec(line));
  if (instalments.some((match) => match === null)) return 'unreadable';
  return instalments.map((match) => ({ dueDate: match?.[1] ?? '', amountMinor: minorUnits(match?.[2] ?? '0') }));
}

/** "1200.5" → 120050: decimal text to minor units without floating-point rounding. */
export function minorUnits(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * Where a rule of the terms points (`obligations.1.instalments.0.dueDate`), as a form field: the
 * block is the obligation's position, and an instalment's problem is at the schedule when the
 * block has one, else at the due date and amount the single instalment came from.
 */
export function fieldOfTermsPath(path: string, form: SettlementForm = {}): SettlementFormField | 'form' {
  if (path.startsWith('subjectMatter')) return 'subject';
  const match = /^obligations\.(\d+)(?:\.(.*))?$/.exec(path);
  const suffix = obligationSuffixes[Number(match?.[1])];
  if (!match || suffix === undefined) return 'form';
  const rest = match[2] ?? '';
  const at = (name: ObligationFieldName): SettlementFormField => `${name}${suffix}`;
  if (rest === 'debtor' || rest === 'creditor') return at(rest);
  if (rest.startsWith('instalments') && form[at('instalments')]?.trim()) return at('instalments');
  if (rest.includes('dueDate')) return at('dueDate');
  if (rest.includes('amountMinor') || rest.startsWith('instalments')) return at('amount');
  return 'form';
}
