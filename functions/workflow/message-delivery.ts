import middy from '@middy/core';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createLogger } from '../../shared/adapters/logging/logger';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import { loadConfig } from '../../shared/config/config';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import { awsSendRateLimiter, awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { injectLambdaContext } from '../middleware/inject-lambda-context';
import { dispatchMessageDeliveryTask } from './message-delivery-tasks';

/** Read once at cold start: a bad setting fails the init, not a task. */
const config = loadConfig(process.env);
const logger = createLogger('message-delivery', config.LOG_LEVEL);
const region = { region: config.AWS_REGION };

const deps: MessageDeliveryDeps = {
  store: awsStateStore(config),
  clock: systemClock,
  sms: new SnsSmsChannel({ clientConfig: region }),
  email: new SesEmailChannel({
    clientConfig: region,
    fromAddress: config.MAIL_FROM,
    ...(config.SES_CONFIGURATION_SET === undefined ? {} : { configurationSetName: config.SES_CONFIGURATION_SET }),
  }),
  workflows: awsWorkflowEngine(config),
  rateLimiter: awsSendRateLimiter(config),
};

/**
 * The MessageDelivery state machine's task function. A thrown error's name is what the state
 * machine's Retry and Catch match, so errors are logged and rethrown unchanged.
 */
async function handle(payload: unknown): Promise<unknown> {
  try {
    return await dispatchMessageDeliveryTask(deps, payload);
  } catch (error) {
    logger.error('message delivery task failed', { error });
    throw error;
  }
}

export const handler = middy(handle).use(injectLambdaContext(logger));
