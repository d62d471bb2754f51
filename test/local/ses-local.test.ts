import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SesLocal, startSesLocal } from '../../infra/local/ses-local';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { type SesEvent, sesEventSchema } from '../../shared/adapters/ses/ses-event';
import { eventually } from '../support/eventually';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('startSesLocal', () => {
  let ses: SesLocal;
  let channel: SesEmailChannel;
  const events: SesEvent[] = [];
  /** Messages whose last event has been published: no further event will come for them. */
  const published = new Set<string>();
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
      onEventsPublished: (messageId) => void published.add(messageId),
    });
    channel = new SesEmailChannel({
      clientConfig: { endpoint: ses.endpoint, region: 'ap-east-1', credentials },
      fromAddress: 'no-reply@platform.example',
    });
  });
  afterAll(() => ses.stop());

  const send = (to: string) => channel.send({ to, subject: 'Notice', text: 'text', html: '<p>html</p>' });

  /** The types of every event published for a message, once the generator has published its last. */
  async function eventTypesFor(messageId: string): Promise<string[]> {
    await eventually(`every event for ${messageId} is published`, () => published.has(messageId));
    return events.filter((event) => event.mail.messageId === messageId).map((event) => event.eventType);
  }

  it('delivers to success@ and to ordinary addresses', async () => {
    const success = await send('success@simulator.amazonses.com');
    const ordinary = await send('party@example.com');

    expect(await eventTypesFor(success.providerMessageId)).toEqual(['Delivery']);
    expect(await eventTypesFor(ordinary.providerMessageId)).toEqual(['Delivery']);
    const delivery = events.find((event) => event.mail.messageId === success.providerMessageId);
    expect(delivery).toMatchObject({
      mail: { source: 'no-reply@platform.example', destination: ['success@simulator.amazonses.com'] },
      delivery: { recipients: ['success@simulator.amazonses.com'] },
    });
  });

  it('bounces bounce@ permanently', async () => {
    const { providerMessageId } = await send('bounce@simulator.amazonses.com');

    expect(await eventTypesFor(providerMessageId)).toEqual(['Bounce']);
    const bounce = events.find((event) => event.mail.messageId === providerMessageId);
    expect(bounce?.eventType === 'Bounce' && bounce.bounce).toMatchObject({
      bounceType: 'Permanent',
      bouncedRecipients: [{ emailAddress: 'bounce@simulator.amazonses.com' }],
    });
  });

  it('bounces suppressionlist@ permanently as suppressed', async () => {
    const { providerMessageId } = await send('suppressionlist@simulator.amazonses.com');

    expect(await eventTypesFor(providerMessageId)).toEqual(['Bounce']);
    const bounce = events.find((event) => event.mail.messageId === providerMessageId);
    expect(bounce?.eventType === 'Bounce' && bounce.bounce).toMatchObject({
      bounceType: 'Permanent',
      bounceSubType: 'Suppressed',
    });
  });

  it('delivers to ooto@ and nothing else', async () => {
    const { providerMessageId } = await send('ooto@simulator.amazonses.com');

    expect(await eventTypesFor(providerMessageId)).toEqual(['Delivery']);
  });

  it('delivers to complaint@ and then reports a complaint', async () => {
    const { providerMessageId } = await send('complaint@simulator.amazonses.com');

    expect(await eventTypesFor(providerMessageId)).toEqual(['Delivery', 'Complaint']);
  });

  it('retries an event whose callback failed, on the next poll', async () => {
    const failuresBefore = failures;
    failOnce.add('success+retry@simulator.amazonses.com');
    const { providerMessageId } = await send('success+retry@simulator.amazonses.com');

    expect(await eventTypesFor(providerMessageId)).toEqual(['Delivery']);
    expect(failures).toBe(failuresBefore + 1);
  });
});

describe('startSesLocal with a data directory', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ses-local-test-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('hands over after a restart the events a stopped consumer never took, once', async () => {
    let attempts = 0;
    const first = await startSesLocal({
      dataDir,
      pollMs: 20,
      onEvent: () => {
        attempts++;
        throw new Error('the platform is down');
      },
    });
    const channel = new SesEmailChannel({
      clientConfig: { endpoint: first.endpoint, region: 'ap-east-1', credentials },
      fromAddress: 'no-reply@platform.example',
    });
    const { providerMessageId } = await channel.send({ to: 'party@example.com', subject: 'S', text: 't', html: 'h' });
    await eventually('a first try to hand the event over', () => attempts > 0);
    await first.stop();
    // The emulator's mail lives in this process's memory: a later second keeps the restarted
    // generator from listing it anew, as a new process would not have it at all.
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const handed: SesEvent[] = [];
    const published: string[] = [];
    const second = await startSesLocal({
      dataDir,
      pollMs: 20,
      onEvent: (detail) => void handed.push(sesEventSchema.parse(detail)),
      onEventsPublished: (messageId) => void published.push(messageId),
    });
    await eventually('the event handed over after the restart', () => published.includes(providerMessageId));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await second.stop();

    // (This process's emulator may also have listed the mail of the tests above: only this one counts.)
    const ours = () => handed.filter((event) => event.mail.messageId === providerMessageId).map((e) => e.eventType);
    expect(ours()).toEqual(['Delivery']);
    const third = await startSesLocal({ dataDir, pollMs: 20, onEvent: (detail) => void handed.push(detail) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await third.stop();
    expect(ours(), 'nothing handed over again once published').toEqual(['Delivery']);
  });

  it('answers a send only once its events are journaled, so a kill right after the answer loses nothing', async () => {
    const ownDir = await mkdtemp(join(tmpdir(), 'ses-local-test-'));
    try {
      // A poll that never comes before the stop: only the send's own answer can have journaled the mail.
      const first = await startSesLocal({ dataDir: ownDir, pollMs: 600_000, onEvent: () => {} });
      const channel = new SesEmailChannel({
        clientConfig: { endpoint: first.endpoint, region: 'ap-east-1', credentials },
        fromAddress: 'no-reply@platform.example',
      });
      const { providerMessageId } = await channel.send({ to: 'late@example.com', subject: 'S', text: 't', html: 'h' });
      const journaled = await readFile(join(ownDir, 'events.jsonl'), 'utf8');
      await first.stop();
      expect(journaled).toContain(providerMessageId);

      const handed: SesEvent[] = [];
      const second = await startSesLocal({
        dataDir: ownDir,
        pollMs: 20,
        onEvent: (detail) => void handed.push(sesEventSchema.parse(detail)),
      });
      await eventually('the journaled event handed over', () =>
        handed.some((event) => event.mail.messageId === providerMessageId),
      );
      await second.stop();
      expect(handed.filter((event) => event.mail.messageId === providerMessageId).map((e) => e.eventType)).toEqual([
        'Delivery',
      ]);
    } finally {
      await rm(ownDir, { recursive: true, force: true });
    }
  });
});
