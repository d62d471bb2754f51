import { PublishCommand, SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { type SendAccepted, SendOutcomeUnknown, type SmsChannel, type SmsMessage } from '../../ports/message-channels';
import { classifySendFailure } from '../send-failure';
import { defaultConcurrentSends, defaultSendWaitMs, SendSlots } from '../send-slots';

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
  private readonly slots: SendSlots;

  constructor(options: SnsSmsChannelOptions) {
    const concurrentSends = options.maxConcurrentSends ?? defaultConcurrentSends;
    this.slots = new SendSlots({
      limit: concurrentSends,
      maxWaitMs: options.maxSendWaitMs ?? defaultSendWaitMs,
      provider: { name: 'SNS', what: 'SMS' },
    });
    this.client = new SNSClient({
      requestHandler: {
        // As many sockets as sends in flight: a request never waits for one with its timeout running.
        httpAgent: { maxSockets: concurrentSends },
        httpsAgent: { maxSockets: concurrentSends },
        connectionTimeout: 3_000,
        requestTimeout: options.requestTimeoutMs ?? 10_000,
        throwOnRequestTimeout: true,
      },
      ...options.clientConfig,
      maxAttempts: 1,
    });
  }

  async send(message: SmsMessage): Promise<SendAccepted> {
    const command = new PublishCommand({
      PhoneNumber: message.to,
      Message: message.text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
    // A send given up before its turn is already sorted (not sent, retryable); only the provider's failures are classified.
    const { MessageId: messageId } = await this.slots.run(async () => {
      try {
        return await this.client.send(command);
      } catch (error) {
        throw classifySendFailure(error, { name: 'SNS', what: 'SMS', throttlingErrors });
      }
    });
    if (messageId === undefined) throw new SendOutcomeUnknown('SNS answered without a MessageId');
    return { providerMessageId: messageId };
  }
}
