import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { filing, linkedParty } from '../support/mediation-api';
import { addAddresses, mobile, serve } from '../support/portal-fixtures';
import { type ServiceHarness, seedPerson, startServiceHarness } from '../support/service-harness';

/** A filing whose respondent is reached at `phone`. */
function filingTo(phone: string) {
  const body = filing();
  const [first, second] = body.parties;
  return { ...body, parties: [first, { ...second, contact: { phone } }] };
}

describe('the cap on sends others trigger', () => {
  let h: ServiceHarness;
  /** The filing's applicant, through a sign-in linked to it. */
  let applicant: ['party', string];
  beforeAll(async () => {
    h = await startServiceHarness();
    applicant = await linkedParty(h.httpDeps.vault);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('never holds up service: a recipient invited to the cap is still served at the same number', async () => {
    // Prepare: three invitations reach the number, a fourth is refused
    const phone = mobile();
    for (const gapMinutes of [0, 10, 60]) {
      h.clock.advance(gapMinutes * 60_000);
      const filed = await h.call('POST', '/v1/disputes', { as: applicant, body: filingTo(phone) });
      expect(filed.status, filed.text).toBe(201);
    }
    const refused = await h.call('POST', '/v1/disputes', { as: applicant, body: filingTo(phone) });
    expect(refused.status).toBe(429);
    await eventually('the three invitations are sent', () => h.smsTo(phone).length === 3, { timeout: 15_000 });

    // Act: a court document is served on a person at that number
    const person = await seedPerson(h.store);
    await addAddresses(h, person, [{ channel: 'sms', value: phone, source: 'registration_record' }]);
    await serve(h, person);

    // Assess: the service attempt is sent all the same, and no fourth invitation ever was
    await eventually('the service SMS reaches the number', () => h.smsTo(phone).length === 4, { timeout: 15_000 });
    const texts = h.smsTo(phone).map((message) => message.message);
    expect(texts.filter((text) => /\/j(?:oin)?\//.test(text))).toHaveLength(3);
    expect(texts.filter((text) => /\/r\//.test(text))).toHaveLength(1);
  });
});
