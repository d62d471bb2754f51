import { type SmsDeliveryStatus, smsDeliveryStatusTime } from '../../shared/adapters/sns/sms-delivery-status';
import type { ProviderDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';

/** An SNS SMS delivery-status record in the platform's words: SUCCESS is `delivered`, FAILURE `failed`. */
export function deliveryEventFromSmsStatus(record: SmsDeliveryStatus): ProviderDeliveryEvent {
  const at = smsDeliveryStatusTime(record).toISOString();
  return {
    channel: 'sms',
    providerMessageId: record.notification.messageId,
    destination: record.delivery.destination,
    event:
      record.status === 'SUCCESS'
        ? { kind: 'delivered', at }
        : { kind: 'failed', at, reason: `carrier: ${record.delivery.providerResponse}` },
  };
}
