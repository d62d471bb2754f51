import { systemClock } from '../../shared/adapters/clock/system-clock';
import { loadConfig } from '../../shared/config/config';
import { recordDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { awsEmailAcceptances, awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { createTelemetry } from '../middleware/lambda-handler';
import { sesEventsHandler } from './ses-events-handler';

/** Read once at cold start: a bad setting fails the init, not an event. */
const config = loadConfig(process.env);
const deps = {
  clock: systemClock,
  store: awsStateStore(config),
  workflows: awsWorkflowEngine(config),
};
const acceptances = awsEmailAcceptances(config);

export const handler = sesEventsHandler(
  createTelemetry('ses-events', config.LOG_LEVEL),
  (delivery) => recordDeliveryEvent(deps, delivery),
  (acceptance) => acceptances.record(acceptance),
);
