import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { ObjectEnvelope } from '@aws-lambda-powertools/parser/types';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { createLogger } from '../../shared/adapters/logging/logger';
import { createMetrics } from '../../shared/adapters/logging/metrics';

/** What a function observes itself with: the platform's masking logger and its metrics, one pair per function. */
export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
}

/** Created once at cold start, at module level, like the function's config and clients. */
export function createTelemetry(serviceName: string, logLevel?: string): Telemetry {
  const logger = createLogger(serviceName, logLevel);
  return { logger, metrics: createMetrics(serviceName, logger) };
}

/** How an event function validates what its source delivers, before the handler sees it. */
export interface EventParsing<TEvent> {
  /**
   * Without `envelope`, the whole event (Powertools' schema of the source, such as
   * `CloudWatchLogsSchema`); with one, what the envelope holds. The handler receives its output.
   */
  schema: z.ZodType<TEvent>;
  /**
   * The envelope around the payload, as Powertools' parser takes it (`eventBridgeDetail` of
   * ./eventbridge-envelope.ts: the handler gets the validated `detail`). Only envelopes that hold one payload: a batch source (a stream, CloudWatch Logs) is
   * parsed whole by its schema, because its handler answers per record (a sequence number to resume
   * from, a log line skipped), which an array envelope, failing the batch on one bad record, cannot.
   */
  envelope?: ObjectEnvelope;
  /**
   * An event that does not match: `drop` logs it with the schema's issues, counts it
   * (`EventsDropped`) and returns, because redelivering the same bytes cannot fix it; `fail` lets
   * Powertools' `ParseError` fail the invocation, so the source retries and finally parks it (for a
   * source whose events must never be lost, such as the outbox stream).
   */
  onMismatch: 'drop' | 'fail';
}

/** A Lambda handler as the runtime calls it (what `lambdaHandler` returns, minus middy's own methods). */
export type LambdaEntryPoint<TResult> = (event: unknown, context: Context) => Promise<TResult | null>;

/**
 * The edge of every function (the HTTP function's requests then meet Hono's own edge, app.ts), one
 * middy chain of Powertools' own middlewares:
 * 1. `injectLambdaContext` (logger): request id, function and cold start on every log line; keys
 *    appended during the invocation cleared after it;
 * 2. `logMetrics`: a `ColdStart` metric on the first invocation, and the metrics the handler
 *    recorded flushed as one EMF line when it ends, whether it succeeded or threw;
 * 3. a failure report: an error that leaves the handler is logged with the invocation's keys and
 *    counted (`FailedInvocations` by `errorName`), then rethrown as the same object, so a source's
 *    retry and a state machine's Retry/Catch, which match on the error's name, see exactly what the
 *    use case threw;
 * 4. with `parsing`, Powertools' `parser` with Powertools' schemas and envelopes: the event is
 *    validated and replaced by the schema's output (with an envelope, the payload it holds). On a mismatch the parser throws a `ParseError`; with `safeParse: true` it would hand the
 *    handler a success/failure union instead. `drop` uses the parser's `errorHandler`, which turns the
 *    failure into a response, so the handler only ever sees a valid event.
 *
 * middy runs `onError` in reverse order of `use`: the parser's recovery first, then the failure
 * report (which leaves a recovered failure alone), then the metrics flush, then the logger's reset.
 */
export function lambdaHandler<TResult>(
  telemetry: Telemetry,
  handle: (event: unknown, context: Context) => Promise<TResult>,
): LambdaEntryPoint<TResult>;
export function lambdaHandler<TEvent, TResult>(
  telemetry: Telemetry,
  handle: (event: TEvent, context: Context) => Promise<TResult>,
  parsing: EventParsing<TEvent>,
): LambdaEntryPoint<TResult>;
export function lambdaHandler<TEvent, TResult>(
  telemetry: Telemetry,
  handle: (event: TEvent, context: Context) => Promise<TResult>,
  parsing?: EventParsing<TEvent>,
): LambdaEntryPoint<TResult> {
  const chain = middy<unknown, TResult | null, Error, Context>()
    .use(injectLambdaContext(telemetry.logger, { resetKeys: true }))
    .use(logMetrics(telemetry.metrics, { captureColdStartMetric: true }))
    .use(failureReport(telemetry));
  if (parsing) chain.use(eventParser(telemetry, parsing));
  // With `parsing`, the parser has replaced the event with the schema's output; without it, TEvent is unknown.
  return chain.handler((event, context) => handle(event as TEvent, context));
}

/**
 * Counts one occurrence of a business event. With dimensions it is flushed at once as its own EMF
 * line (Powertools' `singleMetric`), so its dimensions never land on the invocation's other metrics.
 */
export function countMetric(metrics: Metrics, name: string, dimensions: Record<string, string> = {}): void {
  const entries = Object.entries(dimensions);
  if (entries.length === 0) {
    metrics.addMetric(name, MetricUnit.Count, 1);
    return;
  }
  const single = metrics.singleMetric();
  for (const [dimension, value] of entries) single.addDimension(dimension, value);
  single.addMetric(name, MetricUnit.Count, 1);
}

function failureReport({ logger, metrics }: Telemetry): middy.MiddlewareObj<unknown, unknown, Error, Context> {
  return {
    onError: (request) => {
      // A response set by a later middleware (a dropped event) means the failure was handled.
      if (request.response !== undefined) return;
      const error = request.error;
      logger.error('invocation failed', { error });
      countMetric(metrics, 'FailedInvocations', { errorName: errorName(error) });
    },
  };
}

function eventParser<TEvent>(
  { logger, metrics }: Telemetry,
  { schema: eventSchema, envelope, onMismatch }: EventParsing<TEvent>,
): middy.MiddlewareObj<unknown, unknown, Error, Context> {
  // The chain is typed with the raw event; the parser is what turns it into TEvent.
  const schema: z.ZodType = eventSchema;
  const parsing = envelope ? { schema, envelope } : { schema };
  if (onMismatch === 'fail') return parser(parsing);
  return parser({
    ...parsing,
    errorHandler: (error) => {
      logger.warn('dropped an event that does not match its schema', { issues: error.cause });
      metrics.addMetric('EventsDropped', MetricUnit.Count, 1);
      return null;
    },
  });
}

function errorName(error: unknown): string {
  return error instanceof Error && error.name !== '' ? error.name : 'UnknownError';
}
