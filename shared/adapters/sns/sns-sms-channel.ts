import { PublishCommand, SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import type { SendAccepted, SmsChannel, SmsMessage } from '../../ports/message-channels';
import { ProviderSends } from '../provider-sends';

export interface SnsSmsChannelOptions {
  /** Region, credentials and, locally, the SMS gateway's endpoint. */
  clientConfig: SNSClientConfig;
  /** How long to wait for SNS's answer before the outcome counts as unknown; default 10 s. */
  requestTimeoutMs?: number;
  /** Sends in flight at once through this channel; default 50, the SDK's own socket pool. */
  maxConcurrentSends?: number;
  /** How long a send waits for its turn before it is given up, unsent and retryable; default 30 s. */
  maxSendWaitMs?: number;
}

/** SNS's errors that say "not now": the message was not accepted and may be sent again later. */
const throttlingErrors = new Set(['ThrottledException', 'KMSThrottlingException', 'ThrottlingException', 'Throttling']);

/**
 * SMS through Amazon SNS `Publish` to a phone number, as Transactional (the type carriers deliver
 * with priority, and the one that service of documents needs). The SDK's own retries are off: it
 * would resend after a timeout, when SNS may already have accepted the message. Instead each
 * failure is classified for the caller, which retries only what is safe.
 */
export class SnsSmsChannel implements SmsChannel {
  private readonly client: SNSClient;
  private readonly sends: ProviderSends;

  constructor(options: SnsSmsChannelOptions) {
    this.sends = new ProviderSends({
      provider: { name: 'SNS', what: 'SMS' },
      throttlingErrors,
      ...options,
    });
    this.client = new SNSClient({ requestHandler: this.sends.requestHandler, ...options.clientConfig, maxAttempts: 1 });
  }

  async send(message: SmsMessage): Promise<SendAccepted> {
    const command = new PublishCommand({
      PhoneNumber: message.to,
      Message: message.text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
    return this.sends.send(() => this.client.send(command));
  }
}
