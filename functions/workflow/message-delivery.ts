import { systemClock } from '../../shared/adapters/clock/system-clock';
import { loadConfig } from '../../shared/config/config';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import {
  awsEmailAcceptances,
  awsSendRateLimiter,
  awsSmsDeliveryLogs,
  awsStateStore,
  awsWorkflowEngine,
} from '../aws-adapters';
import { awsMessageChannels } from '../aws-message-channels';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';
import { dispatchMessageDeliveryTask } from './message-delivery-tasks';

/** Read once at cold start: a bad setting fails the init, not a task. */
const config = loadConfig(process.env);

const deps: MessageDeliveryDeps = {
  store: awsStateStore(config),
  clock: systemClock,
  ...awsMessageChannels(config),
  workflows: awsWorkflowEngine(config),
  rateLimiter: awsSendRateLimiter(config),
  // The provider's records of a send: an `unknown` send that never left is sent again.
  smsLogs: awsSmsDeliveryLogs(config),
  emailAcceptances: awsEmailAcceptances(config),
};

/**
 * The MessageDelivery state machine's task function. A thrown error's name is what the state machine's
 * Retry and Catch match, so the kit logs and counts it and rethrows the same object.
 */
export const handler = lambdaHandler(createTelemetry('message-delivery', config.LOG_LEVEL), (payload) =>
  dispatchMessageDeliveryTask(deps, payload),
);
