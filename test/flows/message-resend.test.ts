import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/domain/hash-chain';
import { maxResendsPerMessage } from '../../shared/domain/message-delivery';
import {
  type EmailChannel,
  type SendAccepted,
  SendOutcomeUnknown,
  type SmsChannel,
} from '../../shared/ports/message-channels';
import type { MessageRequest } from '../../shared/ports/message-requests';
import { onMessageRequested } from '../../shared/use-cases/message-delivery/on-message-requested';
import { resolveUnknownSend } from '../../shared/use-cases/message-delivery/resolve-unknown-send';
import { sendMessage } from '../../shared/use-cases/message-delivery/send-message';
import { eventually } from '../support/eventually';
import { type MessageDeliveryHarness, startMessageDeliveryHarness } from '../support/message-delivery-harness';

/**
 * A message cut off between its claim and the provider call (the process killed there, or the call
 * lost before it arrived) is `unknown`: the platform cannot know by itself whether it left. Past its
 * receipt deadline the provider's own records decide (an SMS's delivery-status records in its send
 * window, an email's SES `Send` event): with none, it never left and MessageDelivery sends it again,
 * with the same text and code, at most `maxResendsPerMessage` times. The real SMS gateway and SES
 * emulator carry the messages and produce those records; only the process's death is simulated.
 */

/** Addresses whose next send hangs before the provider is called, until the process "dies". */
const hangBeforeTheCall = new Set<string>();
/** Addresses whose every send stops before the provider is called (a call that never arrives). */
const neverArrives = new Set<string>();
/** Sends that reached the provider, per address. */
const providerCalls = new Map<string, number>();
const hungSends: Array<() => void> = [];

/** The process dies: every hung send fails, as the runner stops. */
function killHungSends(): void {
  for (const kill of hungSends.splice(0)) kill();
}

async function beforeTheCall(to: string): Promise<void> {
  if (neverArrives.has(to)) throw new SendOutcomeUnknown('the call never reached the provider');
  if (!hangBeforeTheCall.delete(to)) return;
  await new Promise<void>((_, reject) => {
    hungSends.push(() => reject(new Error('the process was killed')));
  });
}

function counted<T>(to: string, call: () => Promise<T>): Promise<T> {
  providerCalls.set(to, (providerCalls.get(to) ?? 0) + 1);
  return call();
}

const wrapSms = (channel: SmsChannel): SmsChannel => ({
  send: async (message): Promise<SendAccepted> => {
    await beforeTheCall(message.to);
    return counted(message.to, () => channel.send(message));
  },
});
const wrapEmail = (channel: EmailChannel): EmailChannel => ({
  send: async (message): Promise<SendAccepted> => {
    await beforeTheCall(message.to);
    return counted(message.to, () => channel.send(message));
  },
});
const code = '731945';
const token = 'tok_51c0e9a2b7';
const contentFor = (channel: 'sms' | 'email', to: string): MessageRequest['content'] =>
  channel === 'sms'
    ? { channel, to, text: `Your code is ${code}. Join: https://example.test/join/${token}` }
    : {
        channel,
        to,
        subject: 'Invitation to mediation',
        text: `Your code is ${code}. Join: https://example.test/join/${token}`,
        html: `<p>Your code is <b>${code}</b>. <a href="https://example.test/join/${token}">Join</a></p>`,
      };

let sequence = 0;
const freshAddress = (channel: 'sms' | 'email') =>
  channel === 'sms'
    ? `+86137${String(Date.now() % 100_000).padStart(5, '0')}${String(sequence++ % 1000).padStart(3, '0')}`
    : `resend-${Date.now()}-${sequence++}@example.test`;

describe('MessageDelivery, a send that never left', () => {
  let harness: MessageDeliveryHarness;

  beforeAll(async () => {
    harness = await startMessageDeliveryHarness({ withEmail: true, wrapSms, wrapEmail });
  });
  afterAll(() => harness.stop());

  it.each(['sms', 'email'] as const)(
    'is sent again, once, after the platform was killed between the claim and the call (%s)',
    async (channel) => {
      const to = freshAddress(channel);
      hangBeforeTheCall.add(to);
      const requested = await harness.request({
        content: contentFor(channel, to),
        secrets: [token, code],
        receiptTimeoutSeconds: 2,
      });
      await onMessageRequested({ workflows: harness.deps.workflows })(harness.outboxItem(requested));
      const first = harness.runner;
      await eventually('the send hangs before the provider is called', () => hungSends.length > 0);

      const stopping = first.stop();
      killHungSends();
      await stopping;
      const leftBehind = await harness.store.messages.message(requested.messageId);
      const second = harness.restart();
      await second.resumeOpenExecutions();
      const execution = await second.whenClosed('MessageDelivery', requested.messageId);
      const { message } = await harness.store.messages.message(requested.messageId);
      const chain = await harness.store.readChain(requested.change.chainId);

      expect(leftBehind.message).toMatchObject({ status: 'sending', secrets: [token, code] });
      expect(execution.status).toBe('succeeded');
      expect(message).toMatchObject({ status: 'delivered', resends: 1 });
      expect(message.secrets, 'masked once sent').toBeUndefined();
      expect(providerCalls.get(to), 'the provider got it once').toBe(1);
      // Whether the token is stored before the receipt arrives is a race that does not matter here.
      const types = chain.events.map((event) => event.type).filter((type) => type !== 'message.awaiting_receipt');
      expect(types).toEqual([
        'message.requested',
        'message.sending',
        'message.send_outcome_unknown',
        'message.resend_queued',
        'message.sending',
        'message.sent',
        'message.delivered',
      ]);
      expect(chain.events[3]?.data).toMatchObject({ reason: 'never_sent', resend: 1 });
      expect(JSON.stringify(chain.events)).not.toMatch(new RegExp(`${code}|${token}`));
      expect(verifyChain(chain.events, chain.head).intact).toBe(true);
    },
    60_000,
  );

  it(`stops after ${maxResendsPerMessage} resends when the call never arrives, and masks the code`, async () => {
    const to = freshAddress('sms');
    neverArrives.add(to);
    const requested = await harness.request({
      content: contentFor('sms', to),
      secrets: [token, code],
      receiptTimeoutSeconds: 1,
    });

    await onMessageRequested({ workflows: harness.deps.workflows })(harness.outboxItem(requested));
    const execution = await harness.runner.whenClosed('MessageDelivery', requested.messageId);
    const { message } = await harness.store.messages.message(requested.messageId);
    const chain = await harness.store.readChain(requested.change.chainId);
    const types = chain.events.map((event) => event.type);

    expect(execution.status).toBe('succeeded');
    expect(message).toMatchObject({ status: 'unknown', resends: maxResendsPerMessage });
    expect(message.secrets).toBeUndefined();
    expect(message.content).toMatchObject({ text: 'Your code is ••••••. Join: https://example.test/join/••••••' });
    expect(providerCalls.get(to) ?? 0).toBe(0);
    expect(types.filter((type) => type === 'message.sending')).toHaveLength(maxResendsPerMessage + 1);
    expect(types.filter((type) => type === 'message.resend_queued')).toHaveLength(maxResendsPerMessage);
    expect(types.at(-1)).toBe('message.send_closed');
    expect(verifyChain(chain.events, chain.head).intact).toBe(true);
  }, 60_000);

  it('is not sent again when the provider has a record of it: the SMS is settled by that record', async () => {
    const to = freshAddress('sms');
    const requested = await harness.request({ content: contentFor('sms', to), receiptTimeoutSeconds: 2 });
    // The provider takes it, and its answer is lost on the way back.
    const lost: SmsChannel = {
      send: async (message) => {
        await harness.deps.sms.send(message);
        throw new SendOutcomeUnknown('the answer was lost');
      },
    };
    const deps = { ...harness.deps, sms: lost };

    const sent = await sendMessage(deps, { messageId: requested.messageId });
    await harness.gateway.receiptsDelivered();
    await new Promise((resolve) => setTimeout(resolve, sent.receiptTimeoutSeconds * 1000));
    const resolved = await resolveUnknownSend(deps, { messageId: requested.messageId, maxResends: 2 });

    expect(sent.status).toBe('unknown');
    expect(resolved).toMatchObject({ status: 'delivered', logsInWindow: 1, resend: false });
    expect(providerCalls.get(to)).toBe(1);
  });
});
