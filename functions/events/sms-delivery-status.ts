import { systemClock } from '../../shared/adapters/clock/system-clock';
import { loadConfig } from '../../shared/config/config';
import { recordDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { awsSmsDeliveryLogs, awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { createTelemetry } from '../middleware/lambda-handler';
import { smsDeliveryStatusHandler } from './sms-delivery-status-handler';

/** Read once at cold start: a bad setting fails the init, not an event. */
const config = loadConfig(process.env);
const deps = {
  clock: systemClock,
  store: awsStateStore(config),
  workflows: awsWorkflowEngine(config),
  smsLogs: awsSmsDeliveryLogs(config),
};

export const handler = smsDeliveryStatusHandler(createTelemetry('sms-delivery-status', config.LOG_LEVEL), (delivery) =>
  recordDeliveryEvent(deps, delivery),
);
