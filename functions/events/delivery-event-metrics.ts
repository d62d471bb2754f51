import type {
  DeliveryEventResult,
  ProviderDeliveryEvent,
} from '../../shared/use-cases/message-delivery/record-delivery-event';
import { countMetric, type Telemetry } from '../middleware/lambda-handler';

/** The use case the SES and SMS receipt functions call, bound to its deps by the entry point. */
export type RecordDeliveryEvent = (delivery: ProviderDeliveryEvent) => Promise<DeliveryEventResult>;

/**
 * Counts a provider's delivery event once it is recorded: `DeliveryEventsRecorded` by channel and
 * kind (delivered, failed) when it settled one of our messages, `DeliveryEventsUnmatched` by channel
 * when it was old and matched none (see `recordDeliveryEvent`).
 */
export function countDeliveryEvent(
  metrics: Telemetry['metrics'],
  delivery: ProviderDeliveryEvent,
  result: DeliveryEventResult,
): void {
  if (result.matched) {
    countMetric(metrics, 'DeliveryEventsRecorded', { channel: delivery.channel, kind: delivery.event.kind });
  } else {
    countMetric(metrics, 'DeliveryEventsUnmatched', { channel: delivery.channel });
  }
}
