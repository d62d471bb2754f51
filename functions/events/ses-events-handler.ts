import { sesEventSchema } from '../../shared/adapters/ses/ses-event';
import { eventBridgeSchema } from '../middleware/event-envelopes';
import { type LambdaEntryPoint, lambdaHandler, type Telemetry } from '../middleware/lambda-handler';
import { countDeliveryEvent, type RecordDeliveryEvent } from './delivery-event-metrics';
import { deliveryEventFromSes } from './ses-delivery-event';

/** The EventBridge event that an SES configuration set's event destination emits, its `detail` an SES event. */
export const sesEventBridgeEventSchema = eventBridgeSchema.extend({ detail: sesEventSchema });

/**
 * An SES event → the message's delivery status. A malformed event is logged and dropped by the
 * kit (retrying cannot fix it); a failure to record is thrown, so EventBridge retries (recording is
 * idempotent).
 */
export function sesEventsHandler(telemetry: Telemetry, record: RecordDeliveryEvent): LambdaEntryPoint<void> {
  const { logger, metrics } = telemetry;
  return lambdaHandler(
    telemetry,
    async ({ detail }) => {
      const delivery = deliveryEventFromSes(detail);
      if (!delivery) return;
      const result = await record(delivery);
      logger.info('SES event recorded', { eventType: detail.eventType, ...result });
      countDeliveryEvent(metrics, delivery, result);
    },
    { schema: sesEventBridgeEventSchema, onMismatch: 'drop' },
  );
}
