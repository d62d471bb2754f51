import type { Logger } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * Adds the invocation's request id and cold-start flag to every log line of the invocation and
 * clears per-request keys afterwards, so one request's keys never leak into the next.
 */
export function injectLambdaContext(logger: Logger): middy.MiddlewareObj<unknown, unknown, Error, Context> {
  return {
    before: (request) => {
      logger.addContext(request.context);
    },
    after: () => {
      logger.resetKeys();
    },
    onError: () => {
      logger.resetKeys();
    },
  };
}
