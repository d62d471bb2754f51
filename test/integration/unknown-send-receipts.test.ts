import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageRecords } from '../../shared/adapters/dynamodb/message-records';
import {
  type EmailChannel,
  type SendAccepted,
  SendOutcomeUnknown,
  type SmsChannel,
} from '../../shared/ports/message-channels';
import { reconcileUnknownSend } from '../../shared/use-cases/message-delivery/reconcile-unknown-send';
import { sendMessage } from '../../shared/use-cases/message-delivery/send-message';
import { eventually } from '../support/eventually';
import { type MessageDeliveryHarness, startMessageDeliveryHarness } from '../support/message-delivery-harness';

/**
 * A send whose answer was lost (the provider has the message, the platform never learnt its id)
 * is `unknown`. Its receipt can still settle it: an email's by the platform's message tag, an
 * SMS's only by the single delivery-status record for its number inside its send window. The
 * real SMS gateway and SES emulator carry the messages and produce the records and events; only
 * the provider's answer is dropped on the way back (`answerLost`).
 */

/** Numbers whose send reaches the provider, whose answer is then lost. */
const answerLostTo = new Set<string>();
/** Numbers and addresses whose send never leaves (the process stops after the claim, before the call). */
const neverSentTo = new Set<string>();
/** Addresses whose SES delivery event is withheld (not yet published): their Send event still comes. */
const receiptsWithheldFor = new Set<string>();

function answerLostSms(channel: SmsChannel): SmsChannel {
  return {
    send: async (message): Promise<SendAccepted> => {
      if (neverSentTo.has(message.to)) throw new SendOutcomeUnknown('stopped before the call');
      const accepted = await channel.send(message);
      if (answerLostTo.has(message.to)) throw new SendOutcomeUnknown('the answer was lost');
      return accepted;
    },
  };
}

function answerLostEmail(channel: EmailChannel): EmailChannel {
  return {
    send: async (message) => {
      if (neverSentTo.has(message.to)) throw new SendOutcomeUnknown('stopped before the call');
      await channel.send(message);
      throw new SendOutcomeUnknown('the answer was lost');
    },
  };
}

let sequence = 0;
const freshNumber = () =>
  `+86139${String(Date.now() % 1_000_000).padStart(6, '0')}${String(sequence++ % 100).padStart(2, '0')}`;

describe('a send whose outcome is unknown', () => {
  let h: MessageDeliveryHarness;
  beforeAll(async () => {
    h = await startMessageDeliveryHarness({
      withEmail: true,
      wrapSms: answerLostSms,
      wrapEmail: answerLostEmail,
      receiptsWithheldFor,
    });
  });
  afterAll(() => h.stop());

  async function unknownSms(to: string) {
    const requested = await h.request({ content: { channel: 'sms', to, text: 'Notice of service SD123' } });
    const sent = await sendMessage(h.deps, { messageId: requested.messageId });
    expect(sent.status).toBe('unknown');
    return requested.messageId;
  }

  it('is settled as delivered by the single delivery record for its number in its send window', async () => {
    // Prepare
    const to = freshNumber();
    answerLostTo.add(to);
    const messageId = await unknownSms(to);
    await h.gateway.receiptsDelivered();

    // Act
    const reconciled = await reconcileUnknownSend(h.deps, { messageId });

    // Assess
    const [sms] = h.gateway.messages().filter((message) => message.phoneNumber === to);
    const { message } = await h.store.messages.message(messageId);
    expect(reconciled).toEqual({ status: 'delivered', logsInWindow: 1 });
    expect(message).toMatchObject({ status: 'delivered', providerMessageId: sms?.messageId });
    const lookup = await h.store.get(messageRecords.providerLookupKey('sms', sms?.messageId ?? ''));
    expect(lookup?.attributes.messageId, 'later records of that SNS id find the message').toBe(messageId);
    const chain = await h.store.readChain(message.chainId);
    expect(chain.events.at(-1)).toMatchObject({
      type: 'message.delivered',
      data: { matchedBy: 'single_delivery_log_in_send_window', providerMessageId: sms?.messageId },
    });
  });

  it('stays unknown with no delivery record in its send window, even with an older one for the number', async () => {
    // Prepare: an earlier message to the number, delivered before this send was claimed
    const to = freshNumber();
    answerLostTo.add(to);
    const earlier = await unknownSms(to);
    await h.gateway.receiptsDelivered();
    await reconcileUnknownSend(h.deps, { messageId: earlier });
    answerLostTo.delete(to);
    neverSentTo.add(to);
    const messageId = await unknownSms(to);

    // Act
    const reconciled = await reconcileUnknownSend(h.deps, { messageId });

    // Assess
    expect(reconciled).toEqual({ status: 'unknown', logsInWindow: 0 });
    expect((await h.store.messages.message(messageId)).message.status).toBe('unknown');
    // The earlier send's request may reach the gateway after its answer was given up on (a loaded CI run).
    await eventually('the earlier SMS reaches the gateway, and only it', () =>
      expect(h.gateway.messages().filter((message) => message.phoneNumber === to)).toHaveLength(1),
    );
  });

  it('stays unknown with two delivery records for its number in its send window', async () => {
    // Prepare: a second send to the number, inside the first one's window (its answer lost too)
    const to = freshNumber();
    answerLostTo.add(to);
    const first = await unknownSms(to);
    await unknownSms(to);
    await h.gateway.receiptsDelivered();

    // Act
    const reconciled = await reconcileUnknownSend(h.deps, { messageId: first });

    // Assess
    expect(reconciled).toEqual({ status: 'unknown', logsInWindow: 2 });
    const { message } = await h.store.messages.message(first);
    expect(message.status).toBe('unknown');
    expect(message.providerMessageId).toBeUndefined();
  });

  it('matches an email by the message tag SES echoes in mail.tags, and records the SES id with it', async () => {
    // Prepare
    const to = `tagged-${Date.now()}@example.com`;
    const requested = await h.request({
      content: { channel: 'email', to, subject: 'Notice', text: 'Notice of service', html: '<p>Notice</p>' },
    });

    // Act
    const sent = await sendMessage(h.deps, { messageId: requested.messageId });

    // Assess
    expect(sent.status).toBe('unknown');
    const { message } = await eventually('the delivery event matched by its tag', async () => {
      const loaded = await h.store.messages.message(requested.messageId);
      expect(loaded.message.status).toBe('delivered');
      return loaded;
    });
    expect(message.providerMessageId).toEqual(expect.any(String));
    const lookup = await h.store.get(messageRecords.providerLookupKey('email', message.providerMessageId ?? ''));
    expect(lookup?.attributes.messageId).toBe(requested.messageId);
  });

  async function unknownEmail(to: string) {
    const requested = await h.request({
      content: { channel: 'email', to, subject: 'Notice', text: 'Notice of service', html: '<p>Notice</p>' },
    });
    expect((await sendMessage(h.deps, { messageId: requested.messageId })).status).toBe('unknown');
    return requested.messageId;
  }

  it('finds the SES Send event of an unknown email that SES took, while its receipt is still to come', async () => {
    // Prepare
    const to = `withheld-${Date.now()}@example.com`;
    receiptsWithheldFor.add(to);
    const messageId = await unknownEmail(to);

    // Act
    const reconciled = await eventually('the Send event is kept', async () => {
      const result = await reconcileUnknownSend(h.deps, { messageId });
      expect(result.logsInWindow).toBe(1);
      return result;
    });

    // Assess: evidence only; the status waits for the receipt
    expect(reconciled).toEqual({ status: 'unknown', logsInWindow: 1 });
    expect((await h.store.messages.message(messageId)).message.status).toBe('unknown');
  });

  it('counts no SES Send event for an unknown email that never reached SES', async () => {
    // Prepare: a sent email beside it, so that Send events do flow
    const to = `never-${Date.now()}@example.com`;
    neverSentTo.add(to);
    const messageId = await unknownEmail(to);
    const other = `withheld-other-${Date.now()}@example.com`;
    receiptsWithheldFor.add(other);
    const otherId = await unknownEmail(other);
    await eventually('the other email’s Send event is kept', async () =>
      expect((await reconcileUnknownSend(h.deps, { messageId: otherId })).logsInWindow).toBe(1),
    );

    // Act
    const reconciled = await reconcileUnknownSend(h.deps, { messageId });

    // Assess
    expect(reconciled).toEqual({ status: 'unknown', logsInWindow: 0 });
  });
});
