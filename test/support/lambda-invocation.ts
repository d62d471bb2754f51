import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import * as z from 'zod';

/** A Lambda context as the runtime passes it; `awsRequestId` differs per invocation in real life. */
export function lambdaContext(overrides: Partial<Context> = {}): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'platform-test-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:platform-test-function',
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/platform-test-function',
    logStreamName: '2026/11/30/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}

const logLineSchema = z.looseObject({ level: z.string(), message: z.string() });
export type LogLine = z.infer<typeof logLineSchema>;

/** CloudWatch embedded metric format: the directive under `_aws`, the values at the top level. */
const emfSchema = z.looseObject({
  _aws: z.object({
    Timestamp: z.number(),
    CloudWatchMetrics: z.array(
      z.object({
        Namespace: z.string(),
        Dimensions: z.array(z.array(z.string())),
        Metrics: z.array(z.object({ Name: z.string(), Unit: z.string() })),
      }),
    ),
  }),
});

/** One metric of one EMF line: its value, the line's namespace and its dimensions (by name). */
export interface EmfMetric {
  name: string;
  unit: string;
  value: unknown;
  namespace: string;
  dimensions: Record<string, unknown>;
}

export interface CapturedOutput {
  /** The structured log lines (Powertools Logger's JSON), in order. */
  logs(): LogLine[];
  /** Every metric of every EMF line (Powertools Metrics' JSON with `_aws`), in order. */
  metrics(): EmfMetric[];
  restore(): void;
}

/**
 * Captures what the Powertools Logger and Metrics write (instead of letting it through): both
 * write JSON, one document per line, straight to the process's streams, which is what CloudWatch
 * Logs reads in Lambda. Metrics and INFO/DEBUG lines go to stdout, WARN and ERROR to stderr; the
 * lines are kept in the order they were written.
 */
export function captureOutput(): CapturedOutput {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  const documents = () => lines.map(parseLine);
  return {
    logs: () => documents().flatMap((doc) => logLineSchema.safeParse(doc).data ?? []),
    metrics: () => documents().flatMap(emfMetrics),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** Anything else written (not JSON) is kept out of both lists. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function emfMetrics(doc: unknown): EmfMetric[] {
  const emf = emfSchema.safeParse(doc);
  if (!emf.success) return [];
  const values = emf.data;
  return values._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Metrics.map(({ Name, Unit }) => ({
      name: Name,
      unit: Unit,
      value: values[Name],
      namespace: directive.Namespace,
      dimensions: Object.fromEntries(directive.Dimensions.flat().map((dimension) => [dimension, values[dimension]])),
    })),
  );
}
