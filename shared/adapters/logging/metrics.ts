import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of the platform's own metrics; `service` (the function) is a dimension. */
export const metricsNamespace = 'DisputeResolution';

/**
 * A Powertools Metrics instance that writes CloudWatch embedded metric format (one JSON line on
 * stdout per flush, which CloudWatch Logs turns into metrics: no API call, no extra latency).
 * Its own warnings go through the function's logger, so they are structured and masked too.
 */
export function createMetrics(serviceName: string, logger: Logger): Metrics {
  return new Metrics({ namespace: metricsNamespace, serviceName, logger: quietWhenNothingToPublish(logger) });
}

/**
 * Most invocations record no metric of their own (a task that ran, an event with nothing to count),
 * and Powertools warns at every such flush. That is the normal case here, so it is a debug line;
 * every other warning of Metrics stays a warning.
 */
function quietWhenNothingToPublish(logger: Logger) {
  return {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.info(message),
    warn: (message: string) =>
      message.startsWith('No application metrics to publish') ? logger.debug(message) : logger.warn(message),
    error: (message: string) => logger.error(message),
  };
}
