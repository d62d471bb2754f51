import middy from '@middy/core';
import * as z from 'zod';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createLogger } from '../../shared/adapters/logging/logger';
import { sesEventSchema } from '../../shared/adapters/ses/ses-event';
import { loadConfig } from '../../shared/config/config';
import { recordDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { injectLambdaContext } from '../middleware/inject-lambda-context';
import { deliveryEventFromSes } from './ses-delivery-event';

/** Read once at cold start: a bad setting fails the init, not an event. */
const config = loadConfig(process.env);
const logger = createLogger('ses-events', config.LOG_LEVEL);
const deps = {
  clock: systemClock,
  store: awsStateStore(config),
  workflows: awsWorkflowEngine(config),
};

/** The EventBridge envelope around an SES configuration set's event. */
const eventBridgeEventSchema = z.looseObject({ 'detail-type': z.string(), detail: z.unknown() });

/**
 * An SES event (from the configuration set's EventBridge destination) → the message's delivery
 * status. A malformed event is logged and dropped (retrying cannot fix it); a failure to record is
 * thrown, so EventBridge retries (recording is idempotent).
 */
async function handle(event: unknown): Promise<void> {
  const envelope = eventBridgeEventSchema.safeParse(event);
  const detail = envelope.success ? sesEventSchema.safeParse(envelope.data.detail) : undefined;
  if (!detail?.success) {
    logger.warn('dropped an SES event that does not match the schema', {
      issues: detail?.error.issues ?? envelope.error?.issues,
    });
    return;
  }
  const delivery = deliveryEventFromSes(detail.data);
  if (!delivery) return;
  const result = await recordDeliveryEvent(deps, delivery);
  logger.info('SES event recorded', { eventType: detail.data.eventType, ...result });
}

export const handler = middy(handle).use(injectLambdaContext(logger));
