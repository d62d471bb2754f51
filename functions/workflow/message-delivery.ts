import middy from '@middy/core';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import { SfnWorkflowEngine } from '../../shared/adapters/step-functions/sfn-workflow-engine';
import { loadConfig } from '../../shared/config/config';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import { injectLambdaContext } from '../middleware/inject-lambda-context';
import { dispatchMessageDeliveryTask } from './message-delivery-tasks';

/** Read once at cold start: a bad setting fails the init, not a task. */
const config = loadConfig(process.env);
const logger = createLogger('message-delivery', config.LOG_LEVEL);
const region = { region: config.AWS_REGION };

const deps: MessageDeliveryDeps = {
  store: new DynamoStateStore({
    client: createDocumentClient(region),
    tableName: config.TABLE_NAME,
    clock: systemClock,
    ids: randomIds,
  }),
  clock: systemClock,
  sms: new SnsSmsChannel({ clientConfig: region }),
  email: new SesEmailChannel({
    clientConfig: region,
    fromAddress: config.MAIL_FROM,
    ...(config.SES_CONFIGURATION_SET === undefined ? {} : { configurationSetName: config.SES_CONFIGURATION_SET }),
  }),
  workflows: new SfnWorkflowEngine({ clientConfig: region, stateMachineArns: config.STATE_MACHINE_ARNS }),
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
