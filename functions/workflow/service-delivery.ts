import { systemClock } from '../../shared/adapters/clock/system-clock';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { loadConfig, requireSetting } from '../../shared/config/config';
import { messageTasksOf } from '../../shared/use-cases/message-delivery/message-tasks';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { type ServiceDeliveryDeps, serviceSettings } from '../../shared/use-cases/service/deps';
import { awsMessageDeliveryDeps } from '../aws-message-channels';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';
import { dispatchServiceDeliveryTask } from './service-delivery-tasks';

/** Read once at cold start: a bad setting fails the init, not a task. */
const config = loadConfig(process.env);

// Each attempt's message is sent and settled by message delivery's own steps, run by this function.
const messageDeps = awsMessageDeliveryDeps(config);
const { store, workflows } = messageDeps;
const deps: ServiceDeliveryDeps = {
  store,
  clock: systemClock,
  ids: randomIds,
  workflows,
  messageTasks: messageTasksOf(messageDeps),
  settings: serviceSettings({ publicBaseUrl: requireSetting(config, 'PUBLIC_BASE_URL') }),
  requestMessage: messageRequests({ store, clock: systemClock, ids: randomIds }),
};

/**
 * The ServiceDelivery state machine's task function. A thrown error's name is what the state machine's
 * Retry and Catch match, so the kit logs and counts it and rethrows the same object.
 */
export const handler = lambdaHandler(createTelemetry('service-delivery', config.LOG_LEVEL), (payload) =>
  dispatchServiceDeliveryTask(deps, payload),
);
