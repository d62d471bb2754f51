import { loadConfig } from '../../shared/config/config';
import { awsMessageDeliveryDeps } from '../aws-message-channels';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';
import { dispatchMessageDeliveryTask } from './message-delivery-tasks';

/** Read once at cold start: a bad setting fails the init, not a task. */
const config = loadConfig(process.env);

const deps = awsMessageDeliveryDeps(config);

/**
 * The MessageDelivery state machine's task function. A thrown error's name is what the state machine's
 * Retry and Catch match, so the kit logs and counts it and rethrows the same object.
 */
export const handler = lambdaHandler(createTelemetry('message-delivery', config.LOG_LEVEL), (payload) =>
  dispatchMessageDeliveryTask(deps, payload),
);
