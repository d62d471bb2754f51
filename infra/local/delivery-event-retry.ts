import pRetry from 'p-retry';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import {
  DeliveryEventNotYetMatched,
  type ProviderDeliveryEvent,
  recordDeliveryEvent,
} from '../../shared/use-cases/message-delivery/record-delivery-event';

/**
 * Records a provider's delivery event as its consumer does in AWS (the SNS log subscription's or
 * the SES event rule's Lambda): a receipt can overtake the write that records the send, so an event
 * not yet matched is tried again with backoff rather than dropped; any other error is thrown.
 */
export function recordDeliveryEventWithRetry(
  deps: MessageDeliveryDeps,
  event: ProviderDeliveryEvent,
  { firstRetryMs = 100 }: { firstRetryMs?: number } = {},
): Promise<void> {
  return pRetry(() => recordDeliveryEvent(deps, event).then(() => undefined), {
    retries: 8,
    minTimeout: firstRetryMs,
    maxTimeout: 5_000,
    shouldRetry: ({ error }) => error instanceof DeliveryEventNotYetMatched,
  });
}
