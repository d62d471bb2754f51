/** The internet courts' case types (the categories an internet court hears). */
export const internetCourtCategories = [
  'online_shopping_contract',
  'online_service_contract',
  'financial_loan_contract',
  'small_loan_contract',
  'online_copyright',
  'online_personality_rights',
  'online_product_liability',
  'domain_name',
] as const;

/**
 * Dispute categories: the internet courts' case types, plus the categories the courts' mediation
 * platforms take most often offline.
 */
export const disputeCategories = [
  ...internetCourtCategories,
  'traffic_accident',
  'labour',
  'family',
  'property_management',
  'commercial',
] as const;
export type DisputeCategory = (typeof disputeCategories)[number];
