import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { CloudWatchLogsSchema } from '@aws-lambda-powertools/parser/schemas/cloudwatch';
import { smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import { countMetric, type LambdaEntryPoint, lambdaHandler, type Telemetry } from '../middleware/lambda-handler';
import { countDeliveryEvent, type RecordDeliveryEvent } from './delivery-event-metrics';
import { deliveryEventFromSmsStatus } from './sms-delivery-event';

/** One log event's message: SNS writes each delivery-status record as a line of JSON. */
const deliveryStatusLineSchema = JSONStringified(smsDeliveryStatusSchema);

/**
 * SNS SMS delivery-status log records (through a subscription on the delivery-status log groups)
 * → each message's delivery status. The event is checked and decoded by Powertools'
 * `CloudWatchLogsSchema` (parsed whole, not by its array envelope: one bad line must not cost the
 * others). A subscription event that does not decode is logged and
 * dropped by the kit; a log event that is not a delivery-status record is logged and skipped, and
 * the others are still recorded (retrying cannot fix either). A failure to record is thrown once
 * every record had its chance, so the invocation is retried (recording is idempotent, so records
 * already recorded change nothing).
 */
export function smsDeliveryStatusHandler(telemetry: Telemetry, record: RecordDeliveryEvent): LambdaEntryPoint<void> {
  const { logger, metrics } = telemetry;
  return lambdaHandler(
    telemetry,
    async ({ awslogs: { data } }) => {
      // CloudWatch Logs checking that the destination is reachable: nothing to record.
      if (data.messageType === 'CONTROL_MESSAGE') return;
      const failures: unknown[] = [];
      for (const logEvent of data.logEvents) {
        const status = deliveryStatusLineSchema.safeParse(logEvent.message);
        if (!status.success) {
          logger.warn('skipped a log event that is not an SMS delivery-status record', {
            logEventId: logEvent.id,
            issues: status.error.issues,
          });
          countMetric(metrics, 'LogEventsSkipped');
          continue;
        }
        const delivery = deliveryEventFromSmsStatus(status.data);
        try {
          const result = await record(delivery);
          logger.info('SMS delivery status recorded', { status: status.data.status, ...result });
          countDeliveryEvent(metrics, delivery, result);
        } catch (error) {
          logger.warn('SMS delivery status not recorded yet', { logEventId: logEvent.id, error: error as Error });
          failures.push(error);
        }
      }
      // Every record had its chance; the retry of the whole batch repeats the recorded ones harmlessly.
      if (failures.length > 0) {
        throw new AggregateError(failures, `${failures.length} delivery-status records were not recorded`);
      }
    },
    { schema: CloudWatchLogsSchema, onMismatch: 'drop' },
  );
}
