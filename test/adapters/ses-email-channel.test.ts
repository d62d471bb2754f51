import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SesLocal, startSesLocal } from '../../infra/local/ses-local';
import { fromHeader, SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { startFakeEndpoint } from '../contracts/fake-endpoint';

// What every message channel does (ids, refusals, throttling, unknown outcomes, no resending) is in
// test/contracts/message-channels.test.ts; this file holds what only the email channel does.

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const email = {
  to: 'party@example.com',
  subject: 'Service of a ruling',
  text: 'Open the link',
  html: '<p>Open the link</p>',
};

function channelFor(endpoint: string): SesEmailChannel {
  return new SesEmailChannel({
    clientConfig: { endpoint, region: 'ap-east-1', credentials },
    fromAddress: 'no-reply@platform.example',
    configurationSetName: 'platform-events',
  });
}

describe('SesEmailChannel', () => {
  let ses: SesLocal;

  beforeAll(async () => {
    ses = await startSesLocal();
  });
  afterAll(() => ses.stop());

  it("sends from the platform's address under the court's name, encoded for SES", async () => {
    const { providerMessageId } = await channelFor(ses.endpoint).send({ ...email, fromName: '深圳市南山区人民法院' });

    const { emails } = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
      emails: { messageId: string; from: string }[];
    };

    expect(emails.find((stored) => stored.messageId === providerMessageId)?.from).toBe(
      fromHeader('no-reply@platform.example', '深圳市南山区人民法院'),
    );
  });

  it('names the configuration set, so SES publishes events for the message, as a fake endpoint receives it', async () => {
    const fake = await startFakeEndpoint({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ MessageId: 'm-1' }),
    });
    await channelFor(fake.endpoint).send(email);
    await fake.close();

    expect(fake.requests.map((body) => JSON.parse(body))).toEqual([
      expect.objectContaining({ ConfigurationSetName: 'platform-events', Destination: { ToAddresses: [email.to] } }),
    ]);
  });
});

describe('fromHeader', () => {
  it('quotes an ASCII display name', () => {
    expect(fromHeader('a@b.example', 'Court "One"')).toBe('"Court \\"One\\"" <a@b.example>');
  });

  it('encodes a non-ASCII display name as an RFC 2047 word', () => {
    expect(fromHeader('a@b.example', '法院')).toBe(
      `=?UTF-8?B?${Buffer.from('法院').toString('base64')}?= <a@b.example>`,
    );
  });
});
