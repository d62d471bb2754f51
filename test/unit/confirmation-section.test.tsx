import { describe, expect, it } from 'vitest';
import { emptyForm } from '../../functions/http/pages/kit/page-kit';
import { ConfirmationSection } from '../../functions/http/pages/party/confirmation-section';
import type { EligibleCourts } from '../../shared/use-cases/confirmations/eligible-courts';

const ground = { ground: 'party_domicile' as const, explanation: 'where a party lives' };

/** The pre-check of a settlement two courts are competent for, one of which rejected it. */
const check: EligibleCourts = {
  settlementId: 'stl_1',
  eligible: true,
  verdicts: [],
  competence: {
    basis: 'basic_level',
    courts: [
      { courtId: 'crt_futian', name: 'Futian Court', level: 'basic', grounds: [ground] },
      { courtId: 'crt_nanshan', name: 'Nanshan Court', level: 'basic', grounds: [ground] },
    ],
  },
  rejectedCourtIds: ['crt_futian'],
};

describe('ConfirmationSection', () => {
  it('offers only the courts still open to the settlement and names the one that rejected it', async () => {
    // Act
    const html = String(
      await (<ConfirmationSection lang="en" disputeId="dsp_1" check={check} form={emptyForm({ csrf: 't' })} />),
    );

    // Assess
    expect(html).toContain('<option value="crt_nanshan"');
    expect(html).not.toContain('<option value="crt_futian"');
    expect(html).toMatch(/data-testid="rejected-courts">Courts that rejected this settlement[^<]*Futian Court</);
  });
});
