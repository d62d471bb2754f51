import { ParseError } from '@aws-lambda-powertools/parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { countMetric, createTelemetry, lambdaHandler } from '../../functions/middleware/lambda-handler';
import { metricsNamespace } from '../../shared/adapters/logging/metrics';
import { type CapturedOutput, captureOutput, lambdaContext } from '../support/lambda-invocation';

/** A named error as a use case throws it; a state machine's Catch matches on `name`. */
class ConfirmationWindowClosed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfirmationWindowClosed';
  }
}

let output: CapturedOutput;

beforeEach(() => {
  // What Lambda sets on an on-demand function; Powertools reports a cold start only then.
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  output = captureOutput();
});

afterEach(() => {
  output.restore();
  vi.unstubAllEnvs();
});

/** A count metric as the EMF output carries it: one value, or each value counted in the invocation. */
const countOf = (name: string, value: number | number[], dimensions: Record<string, string>) => ({
  name,
  unit: 'Count',
  value,
  namespace: metricsNamespace,
  dimensions,
});

describe('lambdaHandler', () => {
  it('puts the invocation context on every log line and clears the keys a handler appended', async () => {
    // Prepare
    const telemetry = createTelemetry('kit-test', 'INFO');
    const handler = lambdaHandler(telemetry, async () => {
      telemetry.logger.appendKeys({ caseId: 'case_1' });
      telemetry.logger.info('working on it');
      return 'done';
    });

    // Act
    const result = await handler({}, lambdaContext({ awsRequestId: 'request-1' }));
    telemetry.logger.info('between invocations');

    // Assess
    expect(result).toBe('done');
    const [during, after] = output.logs();
    expect(during).toMatchObject({
      message: 'working on it',
      service: 'kit-test',
      caseId: 'case_1',
      function_request_id: 'request-1',
      function_name: 'platform-test-function',
      cold_start: true,
    });
    expect(after?.message).toBe('between invocations');
    expect(after).not.toHaveProperty('caseId');
  });

  it('gives the next invocation its own request id, no longer cold', async () => {
    // Prepare
    const telemetry = createTelemetry('kit-test', 'INFO');
    const handler = lambdaHandler(telemetry, async () => telemetry.logger.info('handled'));

    // Act
    await handler({}, lambdaContext({ awsRequestId: 'request-1' }));
    await handler({}, lambdaContext({ awsRequestId: 'request-2' }));

    // Assess
    expect(output.logs().map((line) => [line.function_request_id, line.cold_start])).toEqual([
      ['request-1', true],
      ['request-2', false],
    ]);
  });

  it('flushes the cold start and the handler’s metrics as EMF on stdout', async () => {
    // Prepare
    const telemetry = createTelemetry('kit-test', 'INFO');
    const handler = lambdaHandler(telemetry, async () => {
      countMetric(telemetry.metrics, 'SummonsServed');
      countMetric(telemetry.metrics, 'SummonsServed');
      countMetric(telemetry.metrics, 'ReceiptsRecorded', { channel: 'sms' });
    });

    // Act
    await handler({}, lambdaContext());

    // Assess
    const metrics = output.metrics();
    expect(metrics).toContainEqual(
      countOf('ColdStart', 1, { service: 'kit-test', function_name: 'platform-test-function' }),
    );
    expect(metrics).toContainEqual(countOf('ReceiptsRecorded', 1, { service: 'kit-test', channel: 'sms' }));
    // Two counts in one invocation are one EMF metric with both values, without the other's dimension.
    expect(metrics).toContainEqual(countOf('SummonsServed', [1, 1], { service: 'kit-test' }));
  });

  it('does not warn when an invocation has no metric of its own', async () => {
    // Prepare
    const telemetry = createTelemetry('kit-test', 'INFO');
    const handler = lambdaHandler(telemetry, async () => 'nothing to count');

    // Act
    await handler({}, lambdaContext());
    await handler({}, lambdaContext());

    // Assess
    expect(output.logs().filter((line) => line.level !== 'INFO')).toEqual([]);
  });

  it('logs and rethrows the same error object, counted by its name', async () => {
    // Prepare
    const telemetry = createTelemetry('kit-test', 'INFO');
    const thrown = new ConfirmationWindowClosed('the window closed on 2026-11-01');
    const handler = lambdaHandler(telemetry, async () => {
      telemetry.logger.appendKeys({ task: 'recordOutcome' });
      throw thrown;
    });

    // Act
    const failure = await handler({ task: 'recordOutcome' }, lambdaContext()).catch((error: unknown) => error);
    telemetry.logger.info('after the failure');

    // Assess
    expect(failure).toBe(thrown);
    expect(failure).toBeInstanceOf(ConfirmationWindowClosed);
    expect((failure as Error).name).toBe('ConfirmationWindowClosed');
    const [errorLine, after] = output.logs();
    expect(errorLine).toMatchObject({
      level: 'ERROR',
      message: 'invocation failed',
      task: 'recordOutcome',
      error: { name: 'ConfirmationWindowClosed', message: 'the window closed on 2026-11-01' },
    });
    expect(after).not.toHaveProperty('task');
    expect(output.metrics()).toContainEqual(
      expect.objectContaining({
        name: 'FailedInvocations',
        value: 1,
        dimensions: { service: 'kit-test', errorName: 'ConfirmationWindowClosed' },
      }),
    );
  });

  describe('with an event schema', () => {
    const schema = z.object({ detail: z.object({ messageId: z.string().min(1) }) });

    /** A handler behind the schema that drops mismatches, and the events it is handed. */
    function recordingWhatItIsHanded() {
      const seen: unknown[] = [];
      const handler = lambdaHandler(
        createTelemetry('kit-test', 'INFO'),
        async (event) => {
          seen.push(event);
        },
        { schema, onMismatch: 'drop' },
      );
      return { handler, seen };
    }

    it('hands the handler the parsed event', async () => {
      // Prepare
      const { handler, seen } = recordingWhatItIsHanded();

      // Act
      await handler({ detail: { messageId: 'm-1', extra: 'stripped' } }, lambdaContext());

      // Assess
      expect(seen).toEqual([{ detail: { messageId: 'm-1' } }]);
    });

    it('logs and drops an event that does not match when told to drop', async () => {
      // Prepare
      const { handler, seen } = recordingWhatItIsHanded();

      // Act
      const result = await handler({ detail: { messageId: '' } }, lambdaContext());

      // Assess
      expect(result).toBeNull();
      expect(seen).toEqual([]);
      const logs = output.logs();
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        level: 'WARN',
        message: 'dropped an event that does not match its schema',
        issues: [expect.objectContaining({ path: ['detail', 'messageId'] })],
      });
      expect(output.metrics()).toContainEqual(
        expect.objectContaining({ name: 'EventsDropped', value: 1, dimensions: { service: 'kit-test' } }),
      );
      expect(output.metrics().map((metric) => metric.name)).not.toContain('FailedInvocations');
    });

    it('fails the invocation with the parser’s error when told to fail', async () => {
      // Prepare
      const telemetry = createTelemetry('kit-test', 'INFO');
      const handler = lambdaHandler(telemetry, async () => 'unreachable', { schema, onMismatch: 'fail' });

      // Act
      const failure = await handler({ records: [] }, lambdaContext()).catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(ParseError);
      expect(output.logs()).toEqual([
        expect.objectContaining({ level: 'ERROR', message: 'invocation failed', error: expect.anything() }),
      ]);
      expect(output.metrics()).toContainEqual(
        expect.objectContaining({
          name: 'FailedInvocations',
          dimensions: { service: 'kit-test', errorName: 'ParseError' },
        }),
      );
    });

    it('rethrows an error of the handler itself, even when mismatches are dropped', async () => {
      // Prepare
      const telemetry = createTelemetry('kit-test', 'INFO');
      const thrown = new ConfirmationWindowClosed('closed');
      const handler = lambdaHandler(
        telemetry,
        async () => {
          throw thrown;
        },
        { schema, onMismatch: 'drop' },
      );

      // Act
      const failure = await handler({ detail: { messageId: 'm-1' } }, lambdaContext()).catch((error: unknown) => error);

      // Assess
      expect(failure).toBe(thrown);
    });
  });
});
