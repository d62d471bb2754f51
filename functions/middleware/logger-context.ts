import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';

/**
 * Powertools' own middleware: every log line of the invocation carries its request id, function
 * and cold-start flag, and keys a handler appends (`logger.appendKeys`) are cleared when the
 * invocation ends, so one request's keys never leak into the next. The first part of
 * `lambdaHandler()`; the HTTP function, whose edge is Hono's, uses it alone.
 */
export function loggerContext(logger: Logger): ReturnType<typeof injectLambdaContext> {
  return injectLambdaContext(logger, { resetKeys: true });
}
