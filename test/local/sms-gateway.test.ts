import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SentSms, type SmsGateway, smsTestNumbers, startSmsGateway } from '../../infra/local/sms-gateway';
import { type SmsDeliveryStatus, smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import { SendNotAccepted } from '../../shared/ports/message-channels';
import { DeliveryEventNotYetMatched } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { eventually } from '../support/eventually';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('startSmsGateway', () => {
  let gateway: SmsGateway;
  let channel: SnsSmsChannel;
  const receipts: SmsDeliveryStatus[] = [];

  const receiptFor = (messageId: string) =>
    eventually(
      `the receipt for ${messageId}`,
      () => receipts.find((receipt) => receipt.notification.messageId === messageId) ?? false,
    );

  beforeAll(async () => {
    gateway = await startSmsGateway({ receiptDelayMs: 20, onDeliveryStatus: (record) => void receipts.push(record) });
    channel = new SnsSmsChannel({ clientConfig: { endpoint: gateway.endpoint, region: 'ap-east-1', credentials } });
  });
  afterAll(() => gateway.stop());

  it('lists a message published through the SNS adapter', async () => {
    const since = Date.now();
    const { providerMessageId } = await channel.send({
      to: '+8613912345678',
      text: 'Your document is ready: 人民法院',
    });

    const response = await fetch(`${gateway.endpoint}/messages?since=${since}`);
    const listed = (await response.json()) as SentSms[];

    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      messageId: providerMessageId,
      phoneNumber: '+8613912345678',
      message: 'Your document is ready: 人民法院',
      smsType: 'Transactional',
    });
  });

  it('answers an invalid number with InvalidParameter, which the adapter reports as not retryable', async () => {
    const error = await channel.send({ to: '13912345678', text: 'hello' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendNotAccepted);
    expect((error as SendNotAccepted).retryable).toBe(false);
    expect(((error as SendNotAccepted).cause as Error).name).toBe('InvalidParameterException');
    expect(((error as SendNotAccepted).cause as Error).message).toContain('is not valid to publish to');
  });

  it('refuses every SMS during an outage, as SNS throttling, which the adapter reports as retryable, and accepts again after it', async () => {
    const started = await fetch(`${gateway.endpoint}/outage?seconds=60`, { method: 'POST' });
    const refused = await channel.send({ to: '+8613912340001', text: 'during' }).catch((caught: unknown) => caught);
    const during = (await (await fetch(`${gateway.endpoint}/outage`)).json()) as { refused: number };
    await fetch(`${gateway.endpoint}/outage?seconds=0`, { method: 'POST' });
    const accepted = await channel.send({ to: '+8613912340001', text: 'after' });

    expect(started.status).toBe(200);
    expect(refused).toBeInstanceOf(SendNotAccepted);
    expect((refused as SendNotAccepted).retryable).toBe(true);
    expect(during.refused, 'the refusal is counted').toBe(1);
    const listed = gateway.messages().filter((sms) => sms.phoneNumber === '+8613912340001');
    expect(
      listed.map((sms) => sms.message),
      'nothing of the outage was sent',
    ).toEqual(['after']);
    expect(accepted.providerMessageId).toBe(listed[0]?.messageId);
  });

  it('produces a SUCCESS receipt for an ordinary number', async () => {
    const { providerMessageId } = await channel.send({ to: '+8613700000000', text: 'ok' });

    const receipt = await receiptFor(providerMessageId);

    expect(smsDeliveryStatusSchema.parse(receipt).status).toBe('SUCCESS');
    expect(receipt.delivery).toMatchObject({
      destination: '+8613700000000',
      smsType: 'Transactional',
      numberOfMessageParts: 1,
    });
  });

  it('produces a FAILURE receipt for the failing test number', async () => {
    const failing = '+8613800000001';
    const { providerMessageId } = await channel.send({ to: failing, text: 'will fail' });

    const receipt = await receiptFor(providerMessageId);

    expect(receipt.status).toBe('FAILURE');
    expect(receipt.delivery.providerResponse).toBe('Phone is currently unreachable/unavailable');
    expect(smsTestNumbers[failing]?.outcome).toBe('failure');
  });

  it('never produces a receipt for the silent test number', async () => {
    const silent = await channel.send({ to: '+8613800000002', text: 'silence' });
    // An ordinary message alongside shows that the wait below does cover a receipt that is due.
    const ordinary = await channel.send({ to: '+8613700000002', text: 'heard' });

    await gateway.receiptsDelivered();

    const receiptsOf = (messageId: string) =>
      receipts.filter((receipt) => receipt.notification.messageId === messageId);
    expect(receiptsOf(ordinary.providerMessageId)).toHaveLength(1);
    expect(receiptsOf(silent.providerMessageId)).toEqual([]);
    expect(gateway.messages().some((sms) => sms.messageId === silent.providerMessageId)).toBe(true);
  });

  it('escapes message text on its page', async () => {
    await channel.send({ to: '+8613700000001', text: '<script>alert(1)</script>' });

    const page = await (await fetch(gateway.pageUrl)).text();

    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&#60;script&#62;');
  });
});

describe('startSmsGateway with a data directory', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sms-gateway-test-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('finds the messages of an earlier run after a restart', async () => {
    const first = await startSmsGateway({ dataDir });
    const channel = new SnsSmsChannel({ clientConfig: { endpoint: first.endpoint, region: 'ap-east-1', credentials } });
    const { providerMessageId } = await channel.send({ to: '+85291234567', text: 'kept' });
    await first.stop();

    const second = await startSmsGateway({ dataDir });
    const listed = (await (await fetch(`${second.endpoint}/messages`)).json()) as SentSms[];
    await second.stop();

    expect(listed.map((sms) => sms.messageId)).toEqual([providerMessageId]);
  });

  it('hands a receipt over once across a restart, and starts despite a last line cut short by a crash', async () => {
    const receipts: string[] = [];
    const onDeliveryStatus = (record: SmsDeliveryStatus) => void receipts.push(record.notification.messageId);
    const first = await startSmsGateway({ dataDir, receiptDelayMs: 20, onDeliveryStatus });
    const channel = new SnsSmsChannel({ clientConfig: { endpoint: first.endpoint, region: 'ap-east-1', credentials } });
    const { providerMessageId } = await channel.send({ to: '+8613700000001', text: 'receipted' });
    await eventually('the receipt', () => receipts.includes(providerMessageId));
    await first.receiptsDelivered();
    await first.stop();
    await appendFile(join(dataDir, 'messages.jsonl'), '{"kind":"sent","sms":{"messageId":"cut-sh');

    const second = await startSmsGateway({ dataDir, receiptDelayMs: 20, onDeliveryStatus });
    const listed = (await (await fetch(`${second.endpoint}/messages`)).json()) as SentSms[];
    await second.receiptsDelivered();
    await second.stop();

    const again = listed.filter((sms) => sms.messageId === providerMessageId);
    expect(again, 'listed once').toHaveLength(1);
    expect(again[0]?.receiptHandedOverAt, 'its receipt recorded as handed over').toBeGreaterThan(0);
    expect(
      receipts.filter((id) => id === providerMessageId),
      'not handed over again',
    ).toHaveLength(1);
  });
  it('logs a receipt the platform cannot match yet as one info line without a stack, and any other refusal as an error', async () => {
    const lines: Array<{ level: 'info' | 'error'; line: string; error?: unknown }> = [];
    const log = {
      info: (line: string) => void lines.push({ level: 'info', line }),
      error: (line: string, error: unknown) => void lines.push({ level: 'error', line, error }),
    };
    let refusal: Error = new DeliveryEventNotYetMatched('no message has sms provider id x yet');
    const refusing = await startSmsGateway({
      receiptDelayMs: 5,
      log,
      onDeliveryStatus: () => Promise.reject(refusal),
    });
    const channel = new SnsSmsChannel({
      clientConfig: { endpoint: refusing.endpoint, region: 'ap-east-1', credentials },
    });

    const early = await channel.send({ to: '+8613700000002', text: 'overtaken' });
    await refusing.receiptsDelivered();
    refusal = new Error('the table is gone');
    const broken = await channel.send({ to: '+8613700000003', text: 'refused' });
    await refusing.receiptsDelivered();
    await refusing.stop();

    expect(lines).toEqual([
      {
        level: 'info',
        line: `sms-gateway: receipt for ${early.providerMessageId} not matched yet, handed over again at the next start`,
      },
      {
        level: 'error',
        line: `sms-gateway: delivery-status callback failed for ${broken.providerMessageId}`,
        error: refusal,
      },
    ]);
  });
});
