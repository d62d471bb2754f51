/**
 * The fields of the case room's settlement form (parsed in routes/settlement-form.ts). An
 * obligation's fields are named once per block: the first without a suffix, the second with `2`.
 */
export const obligationFieldNames = [
  'kind',
  'debtor',
  'creditor',
  'amount',
  'currency',
  'dueDate',
  'instalments',
  'description',
] as const;
export type ObligationFieldName = (typeof obligationFieldNames)[number];

/** The blocks the form shows: the first obligation, and an optional second one. */
export const obligationSuffixes = ['', '2'] as const;
export type ObligationSuffix = (typeof obligationSuffixes)[number];

const termsFieldNames = ['clauses', 'subject', 'touchesPersonalStatus', 'confirmsTitle', 'locationRegion'] as const;

export const settlementFormFields = [
  ...obligationSuffixes.flatMap((suffix) => obligationFieldNames.map((name) => `${name}${suffix}` as const)),
  ...termsFieldNames,
] as const;
export type SettlementFormField = `${ObligationFieldName}${ObligationSuffix}` | (typeof termsFieldNames)[number];
export type SettlementForm = Partial<Record<SettlementFormField, string>>;
