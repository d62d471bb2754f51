import { z } from 'zod';
import { startSesLocal } from '../../infra/local/ses-local';
import { startSmsGateway } from '../../infra/local/sms-gateway';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import type { EmailMessage, SmsMessage } from '../../shared/ports/message-channels';
import { type ChannelLimits, describeMessageChannelContract } from './message-channel-contract';

const region = 'ap-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** What aws-ses-v2-local 2.10.2 lists at `GET /store`, as far as the contract reads it. */
const sesStoreSchema = z.object({
  emails: z.array(
    z.object({
      messageId: z.string(),
      destination: z.object({ to: z.array(z.string()) }),
      subject: z.string(),
      body: z.object({ text: z.string().optional(), html: z.string().optional() }),
    }),
  ),
});

function sesChannelAt(endpoint: string, limits: ChannelLimits = {}): SesEmailChannel {
  return new SesEmailChannel({
    clientConfig: { endpoint, region, credentials },
    fromAddress: 'no-reply@platform.example',
    ...limits,
  });
}

describeMessageChannelContract<EmailMessage>({
  adapter: 'SesEmailChannel',
  provider: 'SES',
  localEndpoint: 'aws-ses-v2-local',
  startLocal: async () => {
    const ses = await startSesLocal();
    return {
      channel: sesChannelAt(ses.endpoint),
      sent: async (providerMessageId) => {
        const { emails } = sesStoreSchema.parse(await (await fetch(`${ses.endpoint}/store`)).json());
        const stored = emails.find((email) => email.messageId === providerMessageId);
        return (
          stored && {
            to: stored.destination.to.join(', '),
            subject: stored.subject,
            text: stored.body.text ?? '',
            html: stored.body.html ?? '',
          }
        );
      },
      stop: () => ses.stop(),
    };
  },
  channelAt: sesChannelAt,
  message: {
    to: 'party@example.com',
    subject: '送达通知 Service of a ruling',
    text: 'Open the link: https://example.test/r/abc',
    html: '<p>Open the <a href="https://example.test/r/abc">link</a></p>',
  },
  refused: {
    message: { to: 'party@example.com', subject: '', text: 'text', html: '<p>html</p>' },
    why: 'an email without a subject',
  },
  // SES v2 speaks restJson: the error's type in a header, the message in a JSON body.
  answers: {
    accepted: (messageId) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageId === undefined ? {} : { MessageId: messageId }),
    }),
    error: ({ status, code }) => ({
      status,
      headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': code },
      body: JSON.stringify({ message: 'fake failure' }),
    }),
  },
  notNow: [
    // SendEmail's "Maximum sending rate exceeded".
    { status: 429, code: 'TooManyRequestsException' },
    // SES v2's common throttling error, a 400 that must not count as a refusal.
    { status: 400, code: 'ThrottlingException' },
    { status: 503, code: 'ServiceUnavailable' },
  ],
  internalError: { status: 500, code: 'InternalServiceErrorException' },
});

const snsXmlNamespace = 'http://sns.amazonaws.com/doc/2010-03-31/';

function snsChannelAt(endpoint: string, limits: ChannelLimits = {}): SnsSmsChannel {
  return new SnsSmsChannel({ clientConfig: { endpoint, region, credentials }, ...limits });
}

describeMessageChannelContract<SmsMessage>({
  adapter: 'SnsSmsChannel',
  provider: 'SNS',
  localEndpoint: 'the local SMS gateway',
  startLocal: async () => {
    const gateway = await startSmsGateway();
    return {
      channel: snsChannelAt(gateway.endpoint),
      sent: async (providerMessageId) => {
        const sms = gateway.messages().find((candidate) => candidate.messageId === providerMessageId);
        return sms && { to: sms.phoneNumber, text: sms.message };
      },
      stop: () => gateway.stop(),
    };
  },
  channelAt: snsChannelAt,
  message: { to: '+8613912345678', text: '人民法院 court notice: open https://example.test/r/abc' },
  refused: { message: { to: '+86', text: 'hello' }, why: 'an SMS to an invalid number' },
  // SNS speaks awsQuery: XML bodies, the error's code inside.
  answers: {
    accepted: (messageId) => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        `<PublishResponse xmlns="${snsXmlNamespace}"><PublishResult>` +
        `${messageId === undefined ? '' : `<MessageId>${messageId}</MessageId>`}</PublishResult>` +
        '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
    }),
    error: ({ status, code }) => ({
      status,
      headers: { 'content-type': 'text/xml' },
      body:
        `<ErrorResponse xmlns="${snsXmlNamespace}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
        `<Code>${code}</Code><Message>fake failure</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
    }),
  },
  notNow: [
    // The query protocol's throttling, a 400 that must not count as a refusal.
    { status: 400, code: 'Throttling' },
    // SNS's ThrottledException ("Throttled" on the wire).
    { status: 429, code: 'Throttled' },
    { status: 503, code: 'ServiceUnavailable' },
  ],
  internalError: { status: 500, code: 'InternalError' },
});
