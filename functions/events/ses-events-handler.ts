import { sesEventSchema } from '../../shared/adapters/ses/ses-event';
import type { EmailAcceptance } from '../../shared/ports/email-acceptances';
import { eventBridgeDetail } from '../middleware/eventbridge-envelope';
import { type LambdaEntryPoint, lambdaHandler, type Telemetry } from '../middleware/lambda-handler';
import { countDeliveryEvent, type RecordDeliveryEvent } from './delivery-event-metrics';
import { acceptanceFromSes, deliveryEventFromSes } from './ses-delivery-event';

/**
 * An SES event → the message's delivery status. An SES configuration set's event destination emits
 * it through EventBridge: the event is checked with Powertools' `EventBridgeSchema` and its `detail`
 * handed over, checked as an SES event (middleware/eventbridge-envelope.ts). A `Send` event is kept
 * as evidence that SES took the message (`recordAcceptance`). A malformed event is logged and
 * dropped by the kit (retrying cannot fix it); a failure to record is thrown, so EventBridge
 * retries (recording is idempotent).
 */
export function sesEventsHandler(
  telemetry: Telemetry,
  record: RecordDeliveryEvent,
  recordAcceptance: (acceptance: EmailAcceptance) => Promise<void>,
): LambdaEntryPoint<void> {
  const { logger, metrics } = telemetry;
  return lambdaHandler(
    telemetry,
    async (detail) => {
      const acceptance = acceptanceFromSes(detail);
      if (acceptance) {
        await recordAcceptance(acceptance);
        logger.info('SES send recorded', { platformMessageId: acceptance.platformMessageId });
        return;
      }
      const delivery = deliveryEventFromSes(detail);
      if (!delivery) return;
      const result = await record(delivery);
      logger.info('SES event recorded', { eventType: detail.eventType, ...result });
      countDeliveryEvent(metrics, delivery, result);
    },
    { schema: sesEventSchema, envelope: eventBridgeDetail, onMismatch: 'drop' },
  );
}
