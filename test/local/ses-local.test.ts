import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SesLocal, startSesLocal } from '../../infra/local/ses-local';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { type SesEvent, sesEventSchema } from '../../shared/adapters/ses/ses-event';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('startSesLocal', () => {
  let ses: SesLocal;
  let channel: SesEmailChannel;
  const events: SesEvent[] = [];
  /** Recipients whose first event's callback fails, to show the generator retries it. */
  const failOnce = new Set<string>();
  let failures = 0;

  beforeAll(async () => {
    ses = await startSesLocal({
      pollMs: 20,
      onEvent: async (detail) => {
        if (detail.mail.destination.some((recipient) => failOnce.delete(recipient))) {
          failures++;
          throw new Error('consumer unavailable');
        }
        events.push(sesEventSchema.parse(detail));
      },
    });
    channel = new SesEmailChannel({
      clientConfig: { endpoint: ses.endpoint, region: 'ap-east-1', credentials },
      fromAddress: 'no-reply@platform.example',
    });
  });
  afterAll(() => ses.stop());

  const send = (to: string) => channel.send({ to, subject: 'Notice', text: 'text', html: '<p>html</p>' });

  it('stores mail sent through the SES adapter under the MessageId it returned', async () => {
    const { providerMessageId } = await send('someone@example.com');

    const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
      emails: { messageId: string; destination: { to: string[] } }[];
    };

    expect(store.emails.find((email) => email.messageId === providerMessageId)?.destination.to).toEqual([
      'someone@example.com',
    ]);
  });

  it('delivers to success@ and to ordinary addresses', async () => {
    const success = await send('success@simulator.amazonses.com');
    const ordinary = await send('party@example.com');

    expect(await eventTypesFor(events, success.providerMessageId, 1)).toEqual(['Delivery']);
    expect(await eventTypesFor(events, ordinary.providerMessageId, 1)).toEqual(['Delivery']);
    const delivery = events.find((event) => event.mail.messageId === success.providerMessageId);
    expect(delivery).toMatchObject({
      mail: { source: 'no-reply@platform.example', destination: ['success@simulator.amazonses.com'] },
      delivery: { recipients: ['success@simulator.amazonses.com'] },
    });
  });

  it('bounces bounce@ permanently', async () => {
    const { providerMessageId } = await send('bounce@simulator.amazonses.com');

    expect(await eventTypesFor(events, providerMessageId, 1)).toEqual(['Bounce']);
    const bounce = events.find((event) => event.mail.messageId === providerMessageId);
    expect(bounce?.eventType === 'Bounce' && bounce.bounce).toMatchObject({
      bounceType: 'Permanent',
      bouncedRecipients: [{ emailAddress: 'bounce@simulator.amazonses.com' }],
    });
  });

  it('bounces suppressionlist@ permanently as suppressed', async () => {
    const { providerMessageId } = await send('suppressionlist@simulator.amazonses.com');

    expect(await eventTypesFor(events, providerMessageId, 1)).toEqual(['Bounce']);
    const bounce = events.find((event) => event.mail.messageId === providerMessageId);
    expect(bounce?.eventType === 'Bounce' && bounce.bounce).toMatchObject({
      bounceType: 'Permanent',
      bounceSubType: 'Suppressed',
    });
  });

  it('delivers to ooto@ and nothing else', async () => {
    const { providerMessageId } = await send('ooto@simulator.amazonses.com');

    expect(await eventTypesFor(events, providerMessageId, 1)).toEqual(['Delivery']);
    await new Promise((wake) => setTimeout(wake, 100));
    expect(events.filter((event) => event.mail.messageId === providerMessageId)).toHaveLength(1);
  });

  it('delivers to complaint@ and then reports a complaint', async () => {
    const { providerMessageId } = await send('complaint@simulator.amazonses.com');

    expect(await eventTypesFor(events, providerMessageId, 2)).toEqual(['Delivery', 'Complaint']);
  });

  it('retries an event whose callback failed, on the next poll', async () => {
    const failuresBefore = failures;
    failOnce.add('success+retry@simulator.amazonses.com');
    const { providerMessageId } = await send('success+retry@simulator.amazonses.com');

    expect(await eventTypesFor(events, providerMessageId, 1)).toEqual(['Delivery']);
    expect(failures).toBe(failuresBefore + 1);
  });
});

async function eventTypesFor(events: SesEvent[], messageId: string, count: number): Promise<string[]> {
  for (let waited = 0; waited < 3_000; waited += 10) {
    const mine = events.filter((event) => event.mail.messageId === messageId);
    if (mine.length >= count) return mine.map((event) => event.eventType);
    await new Promise((wake) => setTimeout(wake, 10));
  }
  throw new Error(`fewer than ${count} events for ${messageId}`);
}
