import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/domain/hash-chain';
import type { SendAccepted, SmsChannel } from '../../shared/ports/message-channels';
import { onMessageRequested } from '../../shared/use-cases/message-delivery/on-message-requested';
import { eventually } from '../support/eventually';
import { type MessageDeliveryHarness, startMessageDeliveryHarness } from '../support/message-delivery-harness';

/**
 * After the provider accepted a send to `number`, hangs until `crash` is called: the process dies
 * there. `armed` tells when the send has reached that point: the gateway holding the message is not
 * enough, since the provider's answer may still be on its way back (crashing then would crash nothing).
 */
function crashAfterAccepting(number: string) {
  let crash: ((error: Error) => void) | undefined;
  const wrap = (channel: SmsChannel): SmsChannel => ({
    send: async (message) => {
      const accepted = await channel.send(message);
      if (message.to !== number) return accepted;
      return new Promise<SendAccepted>((_, reject) => {
        crash = reject;
      });
    },
  });
  return {
    wrap,
    armed: () => crash !== undefined,
    crash: (error: Error) => crash?.(error),
  };
}

const crashingNumber = '+8613912345002';

describe('a workflow runner restart', () => {
  let harness: MessageDeliveryHarness;
  const crashPoint = crashAfterAccepting(crashingNumber);

  beforeAll(async () => {
    // Receipts take 1.5 s, so the first runner is stopped while the execution waits for one.
    harness = await startMessageDeliveryHarness({ smsReceiptDelayMs: 1500, wrapSms: crashPoint.wrap });
  });
  afterAll(() => harness.stop());

  const sms = (to: string) => ({ channel: 'sms' as const, to, text: 'Notice of service: https://example.test/r/abc' });

  /** An SMS to `to` requested and sent, its execution waiting for the receipt on the current runner. */
  async function waitingForReceipt(to: string) {
    const requested = await harness.request({ content: sms(to) });
    await onMessageRequested({ workflows: harness.deps.workflows })(harness.outboxItem(requested));
    const first = harness.runner;
    await eventually('the first runtime waits for the receipt', () =>
      first.isWaitingForToken('MessageDelivery', requested.messageId),
    );
    return { requested, first };
  }

  it('resumes an execution stopped while waiting for the receipt, sending once', async () => {
    const to = '+8613912345001';
    const { requested, first } = await waitingForReceipt(to);

    await first.stop();
    const abandoned = await first.getExecution('MessageDelivery', requested.messageId);
    const second = harness.restart();
    const resumed = await second.resumeOpenExecutions();
    const execution = await second.whenClosed('MessageDelivery', requested.messageId);

    expect(abandoned?.status).toBe('running');
    expect(resumed).toEqual([requested.messageId]);
    expect(execution).toMatchObject({ status: 'succeeded', runs: 2 });
    expect((await harness.store.messages.message(requested.messageId)).message.status).toBe('delivered');
    expect(harness.gateway.messages().filter((message) => message.phoneNumber === to)).toHaveLength(1);
    const chain = await harness.store.readChain(requested.change.chainId);
    expect(chain.events.filter((event) => event.type === 'message.sent')).toHaveLength(1);
    expect(chain.events.filter((event) => event.type === 'message.sending')).toHaveLength(1);
    expect(chain.events.at(-1)?.type).toBe('message.delivered');
    expect(verifyChain(chain.events, chain.head).intact).toBe(true);
  });

  it('a stopped runner starts nothing: a resume begun before the crash (the reconciler’s) runs no second copy beside the new runner’s', async () => {
    const to = '+8613912345009';
    const { requested, first } = await waitingForReceipt(to);
    await first.stop();

    const late = await first.resumeOpenExecutions();
    const second = harness.restart();
    const resumed = await second.resumeOpenExecutions();
    const execution = await second.whenClosed('MessageDelivery', requested.messageId);

    expect(late).toEqual([]);
    expect(resumed).toEqual([requested.messageId]);
    expect(execution).toMatchObject({ status: 'succeeded', runs: 2 });
    expect(harness.gateway.messages().filter((message) => message.phoneNumber === to)).toHaveLength(1);
  });

  it('records unknown, does not send again, and settles it by its delivery record, after a crash between the send and its record', async () => {
    // A short receipt deadline: the resumed execution waits for it before asking the SMS records.
    const requested = await harness.request({ content: sms(crashingNumber), receiptTimeoutSeconds: 3 });
    await onMessageRequested({ workflows: harness.deps.workflows })(harness.outboxItem(requested));
    const first = harness.runner;
    await eventually('the provider accepts the SMS', () =>
      harness.gateway.messages().some((message) => message.phoneNumber === crashingNumber),
    );
    await eventually('the send hangs after the provider accepted it', () => crashPoint.armed());

    const stopping = first.stop();
    crashPoint.crash(new Error('the process was killed'));
    await stopping;
    const leftBehind = (await harness.store.messages.message(requested.messageId)).message.status;
    const second = harness.restart();
    await second.resumeOpenExecutions();
    const execution = await second.whenClosed('MessageDelivery', requested.messageId);

    expect(leftBehind).toBe('sending');
    expect(execution).toMatchObject({ status: 'succeeded', runs: 2 });
    expect((await harness.store.messages.message(requested.messageId)).message.status).toBe('delivered');
    expect(harness.gateway.messages().filter((message) => message.phoneNumber === crashingNumber)).toHaveLength(1);
    const chain = await harness.store.readChain(requested.change.chainId);
    expect(chain.events.map((event) => event.type)).toEqual([
      'message.requested',
      'message.sending',
      'message.send_outcome_unknown',
      'message.delivered',
    ]);
    expect(chain.events.at(-1)?.data).toMatchObject({ matchedBy: 'single_delivery_log_in_send_window' });
    expect(verifyChain(chain.events, chain.head).intact).toBe(true);
  });

  it('does not run again an execution that closed after the list of open ones was read', async () => {
    const to = '+8613912345003';
    const requested = await harness.request({ content: sms(to) });
    await onMessageRequested({ workflows: harness.deps.workflows })(harness.outboxItem(requested));
    const runner = harness.runner;
    await runner.whenClosed('MessageDelivery', requested.messageId);
    // A resume that read the open list just before the close sees it open (the runner, a restart's or
    // the reconciler's, has let go of it by the time it gets to the item): put back under the index.
    await harness.client.send(
      new UpdateCommand({
        TableName: harness.tableName,
        Key: { pk: `EXECUTION#MessageDelivery#${requested.messageId}`, sk: 'EXECUTION' },
        UpdateExpression: 'SET gsi1pk = :open, gsi1sk = :sort',
        ExpressionAttributeValues: { ':open': 'EXECUTION#open', ':sort': `0#MessageDelivery#${requested.messageId}` },
      }),
    );

    const resumed = await runner.resumeOpenExecutions();

    expect(resumed, 'a closed execution is not resumed').not.toContain(requested.messageId);
    expect(await runner.getExecution('MessageDelivery', requested.messageId)).toMatchObject({
      status: 'succeeded',
      runs: 1,
    });
    expect(harness.gateway.messages().filter((message) => message.phoneNumber === to)).toHaveLength(1);
  });

  it('resumes nothing when no execution is open', async () => {
    const runner = harness.restart();

    expect(await runner.resumeOpenExecutions()).toEqual([]);
  });
});
