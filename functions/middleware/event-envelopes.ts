import { gunzipSync } from 'node:zlib';
import * as z from 'zod';

/**
 * The envelopes of the events AWS delivers to the platform's event functions, as zod schemas for
 * Powertools' `parser` middleware. Each one is Powertools' built-in schema of the same name, field for
 * field (`@aws-lambda-powertools/parser/schemas/{eventbridge,cloudwatch,dynamodb}`; the two differences
 * are noted where they are), extended with `.extend()` the way Powertools documents for its own schemas.
 *
 * Why not import Powertools' schemas or envelopes: every one of their modules does
 * `import { z } from 'zod'`, and esbuild cannot tree-shake that form of zod 4's namespace
 * (colinhacks/zod#6597): it bundles all of zod with its locales. Built on Powertools' schemas, each
 * event function grows by about 350 KB minified (ses-events: 513 KB → 861 KB) and tens of ms of
 * import: nearly the whole 400 KB budget in DESIGN.md on its own. `import * as z` (as here) keeps
 * zod at the ~100 KB the functions already carry. test/unit/event-envelopes.test.ts parses the same
 * events with Powertools' schemas and with these, so the two cannot drift apart; once Powertools
 * imports zod as a namespace, these can go.
 */

/** An EventBridge event (Powertools' `EventBridgeSchema`); extend `detail` with the source's schema. */
export const eventBridgeSchema = z.object({
  version: z.string(),
  id: z.string(),
  source: z.string(),
  account: z.string(),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  'detail-type': z.string(),
  detail: z.unknown(),
  'replay-name': z.string().optional(),
});

const cloudWatchLogEventSchema = z.object({
  id: z.string(),
  timestamp: z.number(),
  /** The log line as written; its format is the log group's business (JSON for SNS delivery status). */
  message: z.string(),
});

/** The decoded payload of a CloudWatch Logs subscription (Powertools' `CloudWatchLogsDecodeSchema`). */
export const cloudWatchLogsDecodeSchema = z.object({
  /** `DATA_MESSAGE`, or `CONTROL_MESSAGE` for CloudWatch's own checks of the destination. */
  messageType: z.string(),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(cloudWatchLogEventSchema).nonempty(),
});
export type CloudWatchLogsDecoded = z.infer<typeof cloudWatchLogsDecodeSchema>;

/**
 * A CloudWatch Logs subscription event (Powertools' `CloudWatchLogsSchema`): `awslogs.data` is base64
 * of gzipped JSON, decoded and validated here, so the handler receives the log events themselves.
 * Unlike Powertools', a payload that decodes but does not match reports its own issues.
 */
export const cloudWatchLogsSchema = z.object({
  awslogs: z.object({
    data: z
      .base64()
      .transform((data, ctx) => {
        try {
          return JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'Failed to decompress CloudWatch log data', fatal: true });
          return z.NEVER;
        }
      })
      .pipe(cloudWatchLogsDecodeSchema),
  }),
});

/**
 * A DynamoDB stream record's change (Powertools' `DynamoDBStreamChangeRecordBase`). The images stay
 * DynamoDB attribute values: the adapter that owns the table layout reads them (see
 * `pendingOutboxItemFromStreamImage`). Powertools' `DynamoDBStreamSchema` unmarshalls them instead;
 * handing such an image to that adapter would make every item look like a stranger and be skipped.
 */
const dynamoDBStreamChangeRecordSchema = z.object({
  ApproximateCreationDateTime: z.number().optional(),
  Keys: z.record(z.string(), z.record(z.string(), z.unknown())),
  NewImage: z.record(z.string(), z.unknown()).optional(),
  OldImage: z.record(z.string(), z.unknown()).optional(),
  /** Where a batch is resumed from when the handler reports a partial failure. */
  SequenceNumber: z.string(),
  SizeBytes: z.number(),
  StreamViewType: z.enum(['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY']),
});

const dynamoDBStreamRecordSchema = z.object({
  eventID: z.string(),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  eventVersion: z.string(),
  eventSource: z.literal('aws:dynamodb'),
  awsRegion: z.string(),
  eventSourceARN: z.string(),
  dynamodb: dynamoDBStreamChangeRecordSchema,
  userIdentity: z.object({ type: z.enum(['Service']), principalId: z.literal('dynamodb.amazonaws.com') }).optional(),
});

/** A batch from a DynamoDB stream's event source mapping (Powertools' `DynamoDBStreamSchema`, images marshalled). */
export const dynamoDBStreamSchema = z.object({
  Records: z.array(dynamoDBStreamRecordSchema).nonempty(),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }).optional(),
  state: z.record(z.string(), z.string()).optional(),
  shardId: z.string().optional(),
  eventSourceARN: z.string().optional(),
  isFinalInvokeForWindow: z.boolean().optional(),
  isWindowTerminatedEarly: z.boolean().optional(),
});
export type DynamoDBStreamBatch = z.infer<typeof dynamoDBStreamSchema>;

/**
 * A string field that holds JSON, parsed and then validated by `schema` (Powertools'
 * `JSONStringified` helper, which lives in a module that imports zod the costly way).
 */
export function jsonText<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `Invalid JSON - ${(error as Error).message}`, fatal: true });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
