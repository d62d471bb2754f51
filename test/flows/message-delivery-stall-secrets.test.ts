import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageRecords } from '../../shared/adapters/dynamodb/message-records';
import { verifyChain } from '../../shared/domain/hash-chain';
import { SendNotAccepted, type SmsChannel } from '../../shared/ports/message-channels';
import type { RequestedMessage } from '../../shared/ports/message-requests';
import { onMessageRequested } from '../../shared/use-cases/message-delivery/on-message-requested';
import { resolveUnknownSend } from '../../shared/use-cases/message-delivery/resolve-unknown-send';
import { sendMessage } from '../../shared/use-cases/message-delivery/send-message';
import { type MessageDeliveryHarness, startMessageDeliveryHarness } from '../support/message-delivery-harness';

const brokenNumber = '+8613900000101';
const throttledNumber = '+8613900000102';

/**
 * A channel with a bug for one number, whose error quotes the message (as some providers' errors
 * do), and a channel that throttles another number for as long as `throttling.on` is set.
 */
const throttling = { on: true };
function faulty(channel: SmsChannel): SmsChannel {
  return {
    send: async (message) => {
      if (message.to === brokenNumber) throw new TypeError(`cannot read the carrier table for "${message.text}"`);
      if (message.to === throttledNumber && throttling.on) {
        throw new SendNotAccepted('SNS did not accept the SMS (ThrottledException); it may be retried', {
          retryable: true,
        });
      }
      return channel.send(message);
    },
  };
}

const token = 'tok_9f2c81d4e7';
const code = '482913';
const invitation = (to: string) => ({
  channel: 'sms' as const,
  to,
  text: `Your code is ${code}. Join the mediation: https://example.test/join/${token}`,
});
const masked = 'Your code is ••••••. Join the mediation: https://example.test/join/••••••';

describe('MessageDelivery, a stalled message', () => {
  let harness: MessageDeliveryHarness;

  beforeAll(async () => {
    harness = await startMessageDeliveryHarness({ wrapSms: faulty });
  });
  afterAll(() => harness.stop());

  async function deliver(requested: RequestedMessage) {
    await onMessageRequested({ workflows: harness.deps.workflows })(harness.outboxItem(requested));
    const execution = await harness.runner.whenClosed('MessageDelivery', requested.messageId);
    const stored = await harness.store.get(messageRecords.key(requested.messageId));
    const { message } = await harness.store.messages.message(requested.messageId);
    return { execution, message, stored: JSON.stringify(stored?.attributes) };
  }

  it('keeps its code and link token while a stall after the claim may still end in a resend, never in the error or the chain, and masks them when the send is closed', async () => {
    const requested = await harness.request({ content: invitation(brokenNumber), secrets: [token, code] });

    const { execution, message, stored } = await deliver(requested);
    const rerun = await sendMessage(harness.deps, { messageId: requested.messageId });
    const unknown = await harness.store.messages.message(requested.messageId);
    const closed = await resolveUnknownSend(harness.deps, { messageId: requested.messageId, maxResends: 0 });
    const after = await harness.store.get(messageRecords.key(requested.messageId));

    expect(execution).toMatchObject({ status: 'failed', error: 'TypeError' });
    expect(message).toMatchObject({ status: 'stalled', stalledFrom: 'sending', secrets: [token, code] });
    expect(message.stall?.cause).toContain(masked);
    expect(message.stall?.cause).not.toMatch(new RegExp(`${code}|${token}`));
    expect(stored).toContain(code);
    expect(rerun.status).toBe('unknown');
    expect(unknown.message).toMatchObject({ status: 'unknown', secrets: [token, code] });
    expect(closed).toEqual({ status: 'unknown', logsInWindow: 0, resend: false });
    expect(JSON.stringify(after?.attributes)).not.toMatch(new RegExp(`${code}|${token}`));
    const chain = await harness.store.readChain(requested.change.chainId);
    expect(chain.events.at(-1)).toMatchObject({ type: 'message.send_closed', data: { providerRecords: 0 } });
    expect(JSON.stringify(chain.events)).not.toMatch(new RegExp(`${code}|${token}`));
    expect(verifyChain(chain.events, chain.head).intact).toBe(true);
  });

  it('keeps them while a re-run may still send it (stalled before the claim), and masks them once sent', async () => {
    throttling.on = true;
    const requested = await harness.request({ content: invitation(throttledNumber), secrets: [token, code] });

    const { message } = await deliver(requested);
    throttling.on = false;
    const rerun = await sendMessage(harness.deps, { messageId: requested.messageId });
    const after = await harness.store.messages.message(requested.messageId);

    expect(message).toMatchObject({ status: 'stalled', stalledFrom: 'pending', secrets: [token, code] });
    expect(message.content).toMatchObject({ text: invitation(throttledNumber).text });
    expect(rerun.status).toBe('sent');
    expect(harness.gateway.messages().filter((sms) => sms.phoneNumber === throttledNumber)).toEqual([
      expect.objectContaining({ message: invitation(throttledNumber).text }),
    ]);
    expect(after.message.content).toMatchObject({ text: masked });
    expect(after.message.secrets).toBeUndefined();
  });
});
