import { type SendAccepted, SendOutcomeUnknown } from '../ports/message-channels';
import { classifySendFailure } from './send-failure';
import { defaultConcurrentSends, defaultSendWaitMs, SendSlots } from './send-slots';

export interface ProviderSendsOptions {
  /** The provider and what it sends, for errors: `SES`, `email`. */
  provider: { name: string; what: string };
  /** The provider's error names that say "not now": not accepted, may be sent again later. */
  throttlingErrors: ReadonlySet<string>;
  /** How long to wait for the provider's answer before the outcome counts as unknown; default 10 s. */
  requestTimeoutMs?: number | undefined;
  /** Sends in flight at once; default 50, the SDK's own socket pool. */
  maxConcurrentSends?: number | undefined;
  /** How long a send waits for its turn before it is given up, unsent and retryable; default 30 s. */
  maxSendWaitMs?: number | undefined;
}

/**
 * How a message channel (SES email, SNS SMS) sends through its provider's client: each send in a
 * turn of its own (send-slots.ts), the client's sockets sized to the sends in flight, and every
 * failure classified for the caller (send-failure.ts), which retries only what is safe. The
 * channel builds its client with `requestHandler` and the SDK's own retries off (`maxAttempts: 1`):
 * the SDK would resend after a timeout, when the provider may already have accepted the message.
 */
export class ProviderSends {
  private readonly slots: SendSlots;
  /** The client's request handler: as many sockets as sends in flight, so a request never waits for one with its timeout running. */
  readonly requestHandler;

  constructor(private readonly options: ProviderSendsOptions) {
    const concurrentSends = options.maxConcurrentSends ?? defaultConcurrentSends;
    this.slots = new SendSlots({
      limit: concurrentSends,
      maxWaitMs: options.maxSendWaitMs ?? defaultSendWaitMs,
      provider: options.provider,
    });
    this.requestHandler = {
      httpAgent: { maxSockets: concurrentSends },
      httpsAgent: { maxSockets: concurrentSends },
      connectionTimeout: 3_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      throwOnRequestTimeout: true,
    };
  }

  /** Sends once a turn is free; the provider's message id, or the failure classified. */
  async send(request: () => Promise<{ MessageId?: string | undefined }>): Promise<SendAccepted> {
    const { name, what } = this.options.provider;
    // A send given up before its turn is already sorted (not sent, retryable); only the provider's failures are classified.
    const { MessageId: messageId } = await this.slots.run(async () => {
      try {
        return await request();
      } catch (error) {
        throw classifySendFailure(error, { name, what, throttlingErrors: this.options.throttlingErrors });
      }
    });
    if (messageId === undefined) throw new SendOutcomeUnknown(`${name} answered without a MessageId`);
    return { providerMessageId: messageId };
  }
}
