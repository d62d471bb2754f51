import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { addAddresses, mobile, operator } from '../support/portal-fixtures';
import { pdf, type ServiceHarness, seedPerson, startServiceHarness } from '../support/service-harness';

/** The most one service takes (POST /v1/services). */
const recipientCount = 90;

interface RecipientStatus {
  status: string;
  attempts: Array<{ messageStatus: string; address: string }>;
}

/**
 * One service to many recipients at once, every message delivered: every recipient's workflow
 * sends and records at the same moment as the others, and each must still record its send, its
 * receipt and its service (designated numbers: delivery alone serves). Each recipient writes on its
 * own chain, and the store retries a lost chain race with jittered backoff.
 */
describe(`a service to ${recipientCount} recipients at once`, () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceHarness();
  });
  afterAll(() => h.stop());

  it('serves every recipient at delivery: no attempt left unknown, one SMS each, every chain intact', async () => {
    // Prepare
    const phones: string[] = [];
    const recipients = await Promise.all(
      Array.from({ length: recipientCount }, async () => {
        const person = await seedPerson(h.store);
        const phone = mobile();
        phones.push(phone);
        await addAddresses(h, person, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
        return { personId: person.personId };
      }),
    );

    // Act
    const created = await h.call('POST', '/v1/services', {
      as: operator,
      body: {
        document: { title: '民事裁定书 Ruling', kind: 'ruling', mediaType: 'application/pdf', contentBase64: pdf() },
        recipients,
      },
    });
    expect(created.status, created.text).toBe(201);
    const serviceId = created.json.serviceId as string;

    // Assess
    const recipientStatuses = await eventually(
      'every recipient is served',
      async () => {
        const response = await h.call('GET', `/v1/services/${serviceId}`, { as: operator });
        const all = response.json.recipients as RecipientStatus[];
        expect(
          all.filter((recipient) => recipient.status !== 'served').map((recipient) => recipient.attempts),
          'the attempts of recipients not served yet',
        ).toEqual([]);
        return all;
      },
      { timeout: 60_000, interval: 250 },
    );
    const attempts = recipientStatuses.flatMap((recipient) => recipient.attempts);
    expect(attempts, 'one attempt each').toHaveLength(recipientCount);
    expect(
      attempts.filter((attempt) => attempt.messageStatus !== 'delivered'),
      'no attempt left unknown: every send and receipt recorded',
    ).toEqual([]);
    for (const phone of phones) expect(h.smsTo(phone), `one SMS to ${phone}`).toHaveLength(1);
    const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: operator });
    expect(proof.json.chain.verification, "the service's chain verifies").toMatchObject({ intact: true });
    for (const recipient of proof.json.recipients as Array<{ chain: { verification: { intact: boolean } } }>) {
      expect(recipient.chain.verification, "each recipient's chain verifies").toMatchObject({ intact: true });
    }
  }, 120_000);
});
