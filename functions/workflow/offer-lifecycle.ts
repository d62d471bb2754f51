import middy from '@middy/core';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createLogger } from '../../shared/adapters/logging/logger';
import { loadConfig } from '../../shared/config/config';
import { awsStateStore } from '../aws-adapters';
import { injectLambdaContext } from '../middleware/inject-lambda-context';
import { dispatchOfferLifecycleTask, type OfferLifecycleDeps } from './offer-lifecycle-tasks';

/** Read once at cold start: a bad setting fails the init, not a task. */
const config = loadConfig(process.env);
const logger = createLogger('offer-lifecycle', config.LOG_LEVEL);

const deps: OfferLifecycleDeps = { store: awsStateStore(config), clock: systemClock };

/**
 * The OfferLifecycle state machine's task function. A thrown error's name is what the state
 * machine's Retry and Catch match, so errors are logged and rethrown unchanged.
 */
async function handle(payload: unknown): Promise<unknown> {
  try {
    return await dispatchOfferLifecycleTask(deps, payload);
  } catch (error) {
    logger.error('offer lifecycle task failed', { error });
    throw error;
  }
}

export const handler = middy(handle).use(injectLambdaContext(logger));
