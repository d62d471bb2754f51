import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipientChainId } from '../../shared/domain/service/service-chains';
import { type SendAccepted, SendOutcomeUnknown } from '../../shared/ports/message-channels';
import { eventually } from '../support/eventually';
import { addAddresses, mobile, operator } from '../support/portal-fixtures';
import { pdf, type ServiceHarness, seedPerson, startServiceHarness } from '../support/service-harness';

/**
 * More than one DynamoDB transaction holds: the service is created in chunks. `SERVICE_RECIPIENTS`
 * runs the same test at another size, up to the schema's 1,000 (BENCHMARKS.md records such runs;
 * CI runs 100, which takes about a minute here).
 */
const recipientCount = Number(process.env.SERVICE_RECIPIENTS ?? 100);
/** Serving takes about 0.4–0.8 s per recipient on this machine's local stack; room for a loaded one. */
const servingMs = Math.max(90_000, recipientCount * 1_500);

interface RecipientStatus {
  status: string;
  attempts: Array<{ messageStatus: string; channel: string }>;
}

/**
 * One service to many recipients at once, every message delivered (half by SMS, half by email):
 * every recipient's workflow sends and records at the same moment as the others, and each must
 * still record its send (with the provider's id, in the same write), its receipt and its service
 * (designated addresses: delivery alone serves). Each recipient writes on its own chain, and the
 * store retries a lost chain race with jittered backoff.
 */
describe(`a service to ${recipientCount} recipients at once`, () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    // Every receipt comes; on a loaded 2-core machine 100 of them can take longer than the tests'
    // usual 5 s wait, and a receipt past its wait is another test's subject (late facts).
    h = await startServiceHarness({
      receiptSeconds: 60,
      wrapSms: (sms) => ({ send: (message) => sayWhyUnknown('SMS', () => sms.send(message)) }),
      wrapEmail: (email) => ({ send: (message) => sayWhyUnknown('email', () => email.send(message)) }),
    });
  });
  afterAll(() => h.stop());

  it(
    'serves every recipient at delivery: none unknown, no receipt dropped, one message each, every chain intact',
    async () => {
      // Prepare
      const preparing = performance.now();
      const run = Date.now().toString(36);
      const addresses = Array.from({ length: recipientCount }, (_, n) =>
        n % 2 === 0
          ? { channel: 'sms' as const, value: mobile() }
          : { channel: 'email' as const, value: `served-${run}-${n}@example.com` },
      );
      const recipients = await Promise.all(
        addresses.map(async (address) => {
          const person = await seedPerson(h.store);
          await addAddresses(h, person, [{ ...address, source: 'recipient_designated' }]);
          return { personId: person.personId };
        }),
      );

      // Act
      const started = performance.now();
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
        { timeout: servingMs, interval: recipientCount > 100 ? 2_000 : 250 },
      ).catch(async (error: unknown) => {
        // What the recipients left unserved went through, for whoever reads the failure.
        const response = await h.call('GET', `/v1/services/${serviceId}`, { as: operator });
        for (const recipient of response.json.recipients as Array<{ recipientId: string; status: string }>) {
          if (recipient.status === 'served') continue;
          const chain = await h.store.readChain(recipientChainId(serviceId, recipient.recipientId));
          console.error(recipient.recipientId, JSON.stringify(chain.events.map((event) => [event.type, event.data])));
        }
        throw error;
      });
      const seconds = (performance.now() - started) / 1000;
      const attempts = recipientStatuses.flatMap((recipient) => recipient.attempts);
      expect(recipientStatuses, 'every recipient').toHaveLength(recipientCount);
      expect(attempts, 'one attempt each').toHaveLength(recipientCount);
      expect(
        attempts.filter((attempt) => attempt.messageStatus !== 'delivered'),
        'no attempt left unknown: every send and receipt recorded',
      ).toEqual([]);
      for (const address of addresses) {
        const sent = address.channel === 'sms' ? h.smsTo(address.value) : await h.emailsTo(address.value);
        expect(sent, `one message to ${address.value}`).toHaveLength(1);
      }
      expect(h.receipts, 'every receipt recorded, none dropped').toEqual({ recorded: recipientCount, dropped: 0 });
      const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: operator });
      expect(proof.json.chain.verification, "the service's chain verifies").toMatchObject({ intact: true });
      for (const recipient of proof.json.recipients as Array<{ chain: { verification: { intact: boolean } } }>) {
        expect(recipient.chain.verification, "each recipient's chain verifies").toMatchObject({ intact: true });
      }
      console.info(
        `served/delivered under concurrency: ${recipientStatuses.filter((r) => r.status === 'served').length}/${attempts.filter((a) => a.messageStatus === 'delivered').length} of ${recipientCount}, 0 unknown, ${h.receipts.dropped} receipts dropped, all served in ${seconds.toFixed(1)} s (preparing took ${((started - preparing) / 1000).toFixed(1)} s)`,
      );
    },
    servingMs + 120_000,
  );
});

/**
 * A send whose outcome is unknown fails the test, and the recipient's chain says only that; the
 * provider's error (a timeout, a reset connection) and how long the call took say why.
 */
async function sayWhyUnknown(channel: string, send: () => Promise<SendAccepted>): Promise<SendAccepted> {
  const started = performance.now();
  try {
    return await send();
  } catch (error) {
    if (error instanceof SendOutcomeUnknown) {
      console.error(`${channel} outcome unknown after ${Math.round(performance.now() - started)} ms:`, error.cause);
    }
    throw error;
  }
}
