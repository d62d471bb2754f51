/** The fields of the case room's settlement form (parsed in routes/settlement-form.ts). */
export const settlementFormFields = [
  'kind',
  'debtor',
  'creditor',
  'amount',
  'currency',
  'dueDate',
  'description',
  'clauses',
  'subject',
  'touchesPersonalStatus',
  'confirmsTitle',
  'locationRegion',
] as const;
export type SettlementFormField = (typeof settlementFormFields)[number];
export type SettlementForm = Partial<Record<SettlementFormField, string>>;
