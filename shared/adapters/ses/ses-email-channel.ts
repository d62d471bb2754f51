import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  type EmailChannel,
  type EmailMessage,
  type SendAccepted,
  SendNotAccepted,
  SendOutcomeUnknown,
} from '../../ports/message-channels';

export interface SesEmailChannelOptions {
  /** Region, credentials and, locally, the emulator's endpoint. */
  clientConfig: SESv2ClientConfig;
  /** A verified SES identity. */
  fromAddress: string;
  /** Routes SES events (delivery, bounce, complaint) to the platform's event destination. */
  configurationSetName?: string;
  /** How long to wait for SES's answer before the outcome counts as unknown; default 10 s. */
  requestTimeoutMs?: number;
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

  constructor(private readonly options: SesEmailChannelOptions) {
    this.client = new SESv2Client({
      requestHandler: {
        connectionTimeout: 3_000,
        requestTimeout: options.requestTimeoutMs ?? 10_000,
        throwOnRequestTimeout: true,
      },
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
        },
      },
      ConfigurationSetName: this.options.configurationSetName,
    });
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(command));
    } catch (error) {
      throw classifyFailure(error);
    }
    if (messageId === undefined) throw new SendOutcomeUnknown('SES answered without a MessageId');
    return { providerMessageId: messageId };
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

function classifyFailure(error: unknown): Error {
  const name = error instanceof Error ? error.name : 'unknown';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (throttlingErrors.has(name) || status === 429 || (status !== undefined && status >= 500)) {
    return new SendNotAccepted(`SES did not accept the email (${name}); it may be retried`, {
      retryable: true,
      cause: error,
    });
  }
  if (status !== undefined && status >= 400) {
    return new SendNotAccepted(`SES rejected the email (${name})`, { retryable: false, cause: error });
  }
  if (neverConnected(error)) {
    return new SendNotAccepted(`SES could not be reached (${name}); it may be retried`, {
      retryable: true,
      cause: error,
    });
  }
  return new SendOutcomeUnknown(`SES may or may not have accepted the email (${name})`, { cause: error });
}

/** Failures that happen before a byte of the request left: nothing can have been accepted. */
function neverConnected(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  return (
    (typeof code === 'string' &&
      ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) ||
    message.includes('did not establish a connection')
  );
}
