import { describe, expect, it } from 'vitest';
import { summaryForMediators } from '../../shared/domain/mediation/summary-redaction';

describe('summaryForMediators', () => {
  it('replaces party and representative names by their roles and masks contacts', () => {
    const text = summaryForMediators(
      'Zhang San bought a laptop from Good Goods Ltd; call zhang san at 13812345678. Lawyer Li Si acts for Good Goods Ltd.',
      [
        { name: 'Zhang San', role: 'applicant', representatives: [] },
        { name: 'Good Goods Ltd', role: 'respondent', representatives: [{ name: 'Li Si' }] },
      ],
    );
    expect(text).toBe(
      "[applicant] bought a laptop from [respondent]; call [applicant] at 138****5678. Lawyer [respondent's representative] acts for [respondent].",
    );
  });

  it('replaces the longest name first', () => {
    const text = summaryForMediators('Zhang San Trading sued Zhang San.', [
      { name: 'Zhang San', role: 'respondent', representatives: [] },
      { name: 'Zhang San Trading', role: 'applicant', representatives: [] },
    ]);
    expect(text).toBe('[applicant] sued [respondent].');
  });
});
