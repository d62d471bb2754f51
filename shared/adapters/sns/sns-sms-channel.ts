import { PublishCommand, SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { type SendAccepted, SendOutcomeUnknown, type SmsChannel, type SmsMessage } from '../../ports/message-channels';
import { classifySendFailure } from '../send-failure';

export interface SnsSmsChannelOptions {
  /** Region, credentials and, locally, the SMS gateway's endpoint. */
  clientConfig: SNSClientConfig;
  /** How long to wait for SNS's answer before the outcome counts as unknown; default 10 s. */
  requestTimeoutMs?: number;
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

  constructor(options: SnsSmsChannelOptions) {
    this.client = new SNSClient({
      requestHandler: {
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
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(command));
    } catch (error) {
      throw classifySendFailure(error, { name: 'SNS', what: 'SMS', throttlingErrors });
    }
    if (messageId === undefined) throw new SendOutcomeUnknown('SNS answered without a MessageId');
    return { providerMessageId: messageId };
  }
}
