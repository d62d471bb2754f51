import { systemClock } from '../../shared/adapters/clock/system-clock';
import { loadConfig } from '../../shared/config/config';
import { awsStateStore } from '../aws-adapters';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';
import { dispatchOfferLifecycleTask, type OfferLifecycleDeps } from './offer-lifecycle-tasks';

/** Read once at cold start: a bad setting fails the init, not a task. */
const config = loadConfig(process.env);

const deps: OfferLifecycleDeps = { store: awsStateStore(config), clock: systemClock };

/**
 * The OfferLifecycle state machine's task function. A thrown error's name is what the state machine's
 * Retry and Catch match, so the kit logs and counts it and rethrows the same object.
 */
export const handler = lambdaHandler(createTelemetry('offer-lifecycle', config.LOG_LEVEL), (payload) =>
  dispatchOfferLifecycleTask(deps, payload),
);
