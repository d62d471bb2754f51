import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailChannel, EmailMessage, SendAccepted } from '../../ports/message-channels';
import { ProviderSends } from '../provider-sends';
import { platformMessageHeader, platformMessageTag } from './platform-message-id';

export interface SesEmailChannelOptions {
  /** Region, credentials and, locally, the emulator's endpoint. */
  clientConfig: SESv2ClientConfig;
  /** A verified SES identity. */
  fromAddress: string;
  /** Routes SES events (delivery, bounce, complaint) to the platform's event destination. */
  configurationSetName?: string;
  /** How long to wait for SES's answer before the outcome counts as unknown; default 10 s. */
  requestTimeoutMs?: number;
  /** Sends in flight at once through this channel; default 50, the SDK's own socket pool. */
  maxConcurrentSends?: number;
  /** How long a send waits for its turn before it is given up, unsent and retryable; default 30 s. */
  maxSendWaitMs?: number;
}

/** SES's errors that say "not now": the message was not accepted and may be sent again later. */
const throttlingErrors = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
]);

/**
 * Email through Amazon SES v2 `SendEmail`. The SDK's own retries are off: it would resend after a
 * timeout, when SES may already have accepted the message, and a served document must not arrive
 * twice. Instead each failure is classified for the caller, which retries only what is safe.
 */
export class SesEmailChannel implements EmailChannel {
  private readonly client: SESv2Client;
  private readonly sends: ProviderSends;

  constructor(private readonly options: SesEmailChannelOptions) {
    this.sends = new ProviderSends({
      provider: { name: 'SES', what: 'email' },
      throttlingErrors,
      ...options,
    });
    this.client = new SESv2Client({
      requestHandler: this.sends.requestHandler,
      ...options.clientConfig,
      maxAttempts: 1,
    });
  }

  async send(message: EmailMessage): Promise<SendAccepted> {
    const command = new SendEmailCommand({
      FromEmailAddress: fromHeader(this.options.fromAddress, message.fromName),
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          ...(message.platformMessageId === undefined
            ? {}
            : { Headers: [{ Name: platformMessageHeader, Value: message.platformMessageId }] }),
        },
      },
      ConfigurationSetName: this.options.configurationSetName,
      ...(message.platformMessageId === undefined
        ? {}
        : { EmailTags: [{ Name: platformMessageTag, Value: message.platformMessageId }] }),
    });
    return this.sends.send(() => this.client.send(command));
  }
}

/**
 * `"Name" <address>`, with a non-ASCII name (a court's name in Chinese) as an RFC 2047 encoded word,
 * which SES requires for the From header.
 */
export function fromHeader(address: string, displayName: string | undefined): string {
  if (displayName === undefined || displayName.trim() === '') return address;
  if (/^[\x20-\x7e]*$/.test(displayName)) return `"${displayName.replace(/(["\\])/g, '\\$1')}" <${address}>`;
  return `=?UTF-8?B?${Buffer.from(displayName, 'utf8').toString('base64')}?= <${address}>`;
}
