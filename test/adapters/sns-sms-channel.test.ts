import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsGateway, startSmsGateway } from '../../infra/local/sms-gateway';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';

// What every message channel does (ids, refusals, throttling, unknown outcomes, no resending) is in
// test/contracts/message-channels.test.ts; this file holds what only the SMS channel does.

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('SnsSmsChannel', () => {
  let gateway: SmsGateway;

  beforeAll(async () => {
    gateway = await startSmsGateway();
  });
  afterAll(() => gateway.stop());

  it('publishes as Transactional, the SMS type carriers deliver with priority', async () => {
    const channel = new SnsSmsChannel({
      clientConfig: { endpoint: gateway.endpoint, region: 'ap-east-1', credentials },
    });

    const { providerMessageId } = await channel.send({ to: '+8613912345678', text: 'Court notice' });

    expect(gateway.messages().find((sms) => sms.messageId === providerMessageId)?.smsType).toBe('Transactional');
  });
});
