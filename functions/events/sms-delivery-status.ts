import { gunzipSync } from 'node:zlib';
import middy from '@middy/core';
import * as z from 'zod';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createLogger } from '../../shared/adapters/logging/logger';
import { smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import { loadConfig } from '../../shared/config/config';
import { recordDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { injectLambdaContext } from '../middleware/inject-lambda-context';
import { deliveryEventFromSmsStatus } from './sms-delivery-event';

/** Read once at cold start: a bad setting fails the init, not an event. */
const config = loadConfig(process.env);
const logger = createLogger('sms-delivery-status', config.LOG_LEVEL);
const deps = {
  clock: systemClock,
  store: awsStateStore(config),
  workflows: awsWorkflowEngine(config),
};

/** A CloudWatch Logs subscription event: `awslogs.data` is base64 of gzipped JSON. */
const subscriptionEventSchema = z.object({ awslogs: z.object({ data: z.string().min(1) }) });
const logsDataSchema = z.looseObject({
  messageType: z.enum(['DATA_MESSAGE', 'CONTROL_MESSAGE']),
  logEvents: z.array(z.looseObject({ id: z.string(), timestamp: z.number(), message: z.string() })),
});

/**
 * SNS SMS delivery-status log records (through a subscription on the delivery-status log groups)
 * → each message's delivery status. A record that does not parse is logged and skipped (retrying
 * cannot fix it); a failure to record is thrown, so the invocation is retried (recording is
 * idempotent, so records already recorded change nothing).
 */
async function handle(event: unknown): Promise<void> {
  const { awslogs } = subscriptionEventSchema.parse(event);
  const data = logsDataSchema.parse(JSON.parse(gunzipSync(Buffer.from(awslogs.data, 'base64')).toString('utf8')));
  if (data.messageType === 'CONTROL_MESSAGE') return;
  const failures: unknown[] = [];
  for (const logEvent of data.logEvents) {
    const record = smsDeliveryStatusSchema.safeParse(parseJson(logEvent.message));
    if (!record.success) {
      logger.warn('skipped a log event that is not an SMS delivery-status record', { logEventId: logEvent.id });
      continue;
    }
    try {
      const result = await recordDeliveryEvent(deps, deliveryEventFromSmsStatus(record.data));
      logger.info('SMS delivery status recorded', { status: record.data.status, ...result });
    } catch (error) {
      failures.push(error);
    }
  }
  // Every record had its chance; the retry of the whole batch repeats the recorded ones harmlessly.
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} delivery-status records were not recorded`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const handler = middy(handle).use(injectLambdaContext(logger));
