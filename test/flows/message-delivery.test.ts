import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/domain/hash-chain';
import { SendNotAccepted, type SmsChannel } from '../../shared/ports/message-channels';
import type { RequestedMessage } from '../../shared/ports/message-requests';
import { onMessageRequested } from '../../shared/use-cases/message-delivery/on-message-requested';
import { type MessageDeliveryHarness, startMessageDeliveryHarness } from '../support/message-delivery-harness';

/** A channel with a bug for one number: neither accepted nor refused, just broken. */
function brokenFor(number: string): (channel: SmsChannel) => SmsChannel {
  return (channel) => ({
    send: (message) =>
      message.to === number ? Promise.reject(new TypeError('cannot read the carrier table')) : channel.send(message),
  });
}

/** Throttles the first `times` sends of each number, as SNS does under a burst. */
function throttling(times: number, numbers: string[]): (channel: SmsChannel) => SmsChannel {
  const left = new Map(numbers.map((number) => [number, times]));
  return (channel) => ({
    send: async (message) => {
      const remaining = left.get(message.to) ?? 0;
      if (remaining > 0) {
        left.set(message.to, remaining - 1);
        throw new SendNotAccepted('SNS did not accept the SMS (ThrottledException); it may be retried', {
          retryable: true,
        });
      }
      return channel.send(message);
    },
  });
}

const throttledNumber = '+8613900000077';
const brokenNumber = '+8613900000099';

describe('MessageDelivery', () => {
  let harness: MessageDeliveryHarness;

  beforeAll(async () => {
    harness = await startMessageDeliveryHarness({
      withEmail: true,
      wrapSms: (channel) => brokenFor(brokenNumber)(throttling(2, [throttledNumber])(channel)),
    });
  });
  afterAll(() => harness.stop());

  async function deliver(requested: RequestedMessage) {
    await onMessageRequested({ workflows: harness.deps.workflows })(harness.outboxItem(requested));
    const execution = await harness.runner.whenClosed('MessageDelivery', requested.messageId);
    const { message } = await harness.store.messages.message(requested.messageId);
    const chain = await harness.store.readChain(requested.change.chainId);
    return { execution, message, chain, eventTypes: chain.events.map((event) => event.type) };
  }

  const smsTo = (to: string) => ({
    channel: 'sms' as const,
    to,
    text: 'You are invited to mediation: https://example.test/join/abc',
  });
  const emailTo = (to: string) => ({
    channel: 'email' as const,
    to,
    subject: 'Invitation to mediation',
    text: 'You are invited: https://example.test/join/abc',
    html: '<p>You are invited: <a href="https://example.test/join/abc">join</a></p>',
  });

  it('delivers an SMS and records the carrier receipt', async () => {
    const requested = await harness.request({ content: smsTo('+8613912345678') });

    const { execution, message, chain, eventTypes } = await deliver(requested);

    expect(execution.status).toBe('succeeded');
    expect(message.status).toBe('delivered');
    expect(harness.gateway.messages().filter((sms) => sms.messageId === message.providerMessageId)).toHaveLength(1);
    // The receipt may land before or after the wait stores its token; both end the same way.
    expect(eventTypes.slice(0, 3)).toEqual(['message.requested', 'message.sending', 'message.sent']);
    expect(eventTypes.at(-1)).toBe('message.delivered');
    expect(eventTypes.filter((type) => type === 'message.sent')).toHaveLength(1);
    expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: eventTypes.length });
  });

  it('delivers an email to the SES success simulator', async () => {
    const requested = await harness.request({ content: emailTo('success@simulator.amazonses.com') });

    const { execution, message } = await deliver(requested);

    expect(execution.status).toBe('succeeded');
    expect(message.status).toBe('delivered');
  });

  it('records an email bounce as failed', async () => {
    const requested = await harness.request({ content: emailTo('bounce@simulator.amazonses.com') });

    const { execution, message, eventTypes } = await deliver(requested);

    expect(execution.status).toBe('succeeded');
    expect(message.status).toBe('failed');
    expect(message.failureReason).toMatch(/^bounce: Permanent/);
    expect(eventTypes.at(-1)).toBe('message.failed');
  });

  it('records a carrier failure as failed', async () => {
    const requested = await harness.request({ content: smsTo('+8613800000001') });

    const { message } = await deliver(requested);

    expect(message.status).toBe('failed');
    expect(message.failureReason).toBe('carrier: Phone is currently unreachable/unavailable');
  });

  it('records no_receipt when no receipt comes before the deadline', async () => {
    const requested = await harness.request({ content: smsTo('+8613800000002'), receiptTimeoutSeconds: 1 });

    const { execution, message, eventTypes } = await deliver(requested);

    expect(execution.status).toBe('succeeded');
    expect(execution.output).toMatchObject({ result: { status: 'no_receipt' } });
    expect(message.status).toBe('no_receipt');
    expect(eventTypes.at(-1)).toBe('message.no_receipt');
  });

  it('retries a throttled send and sends once', async () => {
    const requested = await harness.request({ content: smsTo(throttledNumber) });

    const { message, eventTypes } = await deliver(requested);

    expect(message.status).toBe('delivered');
    expect(harness.gateway.messages().filter((sms) => sms.phoneNumber === throttledNumber)).toHaveLength(1);
    expect(eventTypes.filter((type) => type === 'message.send_deferred')).toHaveLength(2);
    expect(eventTypes.filter((type) => type === 'message.sent')).toHaveLength(1);
  });

  it('starts nothing twice for a re-delivered outbox item', async () => {
    const to = '+8613912340001';
    const requested = await harness.request({ content: smsTo(to) });
    const item = harness.outboxItem(requested);
    const handler = onMessageRequested({ workflows: harness.deps.workflows });

    await Promise.all([handler(item), handler(item)]);
    await handler(item);
    const execution = await harness.runner.whenClosed('MessageDelivery', requested.messageId);
    await handler(item);

    expect(execution.status).toBe('succeeded');
    expect(await harness.runner.getExecution('MessageDelivery', requested.messageId)).toMatchObject({
      runs: 1,
      status: 'succeeded',
    });
    expect(harness.gateway.messages().filter((sms) => sms.phoneNumber === to)).toHaveLength(1);
  });

  it('fails a message the provider refuses for good, without retrying', async () => {
    const requested = await harness.request({ content: smsTo('+86') });

    const { execution, message } = await deliver(requested);

    expect(execution.status).toBe('succeeded');
    expect(message.status).toBe('failed');
    expect(message.failureReason).toMatch(/^not_accepted: SNS rejected the SMS/);
  });

  it('records a stall, without resending, when a task fails unexpectedly', async () => {
    const requested = await harness.request({ content: smsTo(brokenNumber) });

    const { execution, message, chain } = await deliver(requested);

    expect(execution).toMatchObject({ status: 'failed', error: 'TypeError', cause: 'cannot read the carrier table' });
    expect(message).toMatchObject({ status: 'stalled', stalledFrom: 'sending', stall: { error: 'TypeError' } });
    expect(verifyChain(chain.events, chain.head).intact).toBe(true);
  });
});
