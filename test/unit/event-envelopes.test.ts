import { CloudWatchEnvelope } from '@aws-lambda-powertools/parser/envelopes/cloudwatch';
import { EventBridgeEnvelope } from '@aws-lambda-powertools/parser/envelopes/eventbridge';
import { CloudWatchLogsSchema } from '@aws-lambda-powertools/parser/schemas/cloudwatch';
import { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { sesEventBridgeEventSchema } from '../../functions/events/ses-events-handler';
import {
  cloudWatchLogsSchema,
  dynamoDBStreamSchema,
  eventBridgeSchema,
  jsonText,
} from '../../functions/middleware/event-envelopes';
import { sesEventSchema } from '../../shared/adapters/ses/ses-event';
import { smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import {
  cloudWatchLogsEvent,
  dynamoDBStreamEvent,
  eventBridgeEvent,
  outboxItemImage,
  sesDeliveryDetail,
  snsDeliveryStatusRecord,
} from '../support/aws-events';

/**
 * The platform's envelopes stand in for Powertools' built-in schemas (see event-envelopes.ts for
 * why); these tests hold them to the same results on the same events, Powertools' side imported here
 * only, where bundle size does not matter.
 */
describe('eventBridgeSchema', () => {
  it('reads an SES event from EventBridge as Powertools’ EventBridgeEnvelope does', () => {
    // Prepare
    const event = eventBridgeEvent(sesDeliveryDetail('ses-message-1'));

    // Act
    const ours = sesEventBridgeEventSchema.parse(event).detail;
    const powertools = EventBridgeEnvelope.parse(event, sesEventSchema);

    // Assess
    expect(ours).toEqual(powertools);
    expect(ours.mail.messageId).toBe('ses-message-1');
  });

  it('accepts and rejects the envelopes Powertools’ EventBridgeSchema does', () => {
    const valid = eventBridgeEvent({});
    const { time: _, ...withoutTime } = valid;
    const samples = [valid, withoutTime, { ...valid, time: 'yesterday' }, { ...valid, resources: 'x' }, {}];

    for (const sample of samples) {
      expect(eventBridgeSchema.safeParse(sample).success).toBe(EventBridgeSchema.safeParse(sample).success);
    }
    expect(eventBridgeSchema.safeParse(withoutTime).success).toBe(false);
  });
});

describe('cloudWatchLogsSchema', () => {
  it('decodes a subscription event as Powertools’ CloudWatchLogsSchema does', () => {
    // Prepare
    const event = cloudWatchLogsEvent([JSON.stringify(snsDeliveryStatusRecord('sns-1')), 'not json']);

    // Act
    const ours = cloudWatchLogsSchema.parse(event);

    // Assess
    expect(ours).toEqual(CloudWatchLogsSchema.parse(event));
    expect(ours.awslogs.data.logEvents.map((logEvent) => logEvent.message)).toEqual([
      JSON.stringify(snsDeliveryStatusRecord('sns-1')),
      'not json',
    ]);
  });

  it('reads each message as Powertools’ CloudWatchEnvelope does with a JSON schema', () => {
    // Prepare
    const records = [snsDeliveryStatusRecord('sns-1'), snsDeliveryStatusRecord('sns-2', 'FAILURE')];
    const event = cloudWatchLogsEvent(records.map((record) => JSON.stringify(record)));
    const line = jsonText(smsDeliveryStatusSchema);

    // Act
    const ours = cloudWatchLogsSchema
      .parse(event)
      .awslogs.data.logEvents.map((logEvent) => line.parse(logEvent.message));

    // Assess
    expect(ours).toEqual(CloudWatchEnvelope.parse(event, line));
  });

  it('rejects data that is not gzipped JSON, as Powertools does', () => {
    const event = { awslogs: { data: Buffer.from('{"messageType":"DATA_MESSAGE"}').toString('base64') } };

    expect(CloudWatchLogsSchema.safeParse(event).success).toBe(false);
    expect(cloudWatchLogsSchema.safeParse(event).error?.issues).toEqual([
      expect.objectContaining({ path: ['awslogs', 'data'], message: 'Failed to decompress CloudWatch log data' }),
    ]);
  });

  it('names what is missing from a payload that decodes but does not match', () => {
    // Prepare
    const withoutLogEvents = cloudWatchLogsEvent([]);

    // Act
    const result = cloudWatchLogsSchema.safeParse(withoutLogEvents);

    // Assess
    expect(CloudWatchLogsSchema.safeParse(withoutLogEvents).success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['awslogs', 'data', 'logEvents'] })]);
  });
});

describe('dynamoDBStreamSchema', () => {
  it('reads a stream batch as Powertools’ DynamoDBStreamSchema does, leaving the images marshalled', () => {
    // Prepare
    const event = dynamoDBStreamEvent([outboxItemImage('obx_1'), outboxItemImage('obx_2', 'done')]);

    // Act
    const ours = dynamoDBStreamSchema.parse(event);
    const powertools = DynamoDBStreamSchema.parse(event);

    // Assess
    expect(ours.Records.map((record) => unmarshallImages(record.dynamodb))).toEqual(
      powertools.Records.map((record) => record.dynamodb),
    );
    expect(ours.Records.map(({ dynamodb: _, ...rest }) => rest)).toEqual(
      powertools.Records.map(({ dynamodb: _, ...rest }) => rest),
    );
    expect(ours.Records[0]?.dynamodb.NewImage).toEqual(outboxItemImage('obx_1'));
  });

  it('rejects what Powertools rejects', () => {
    const valid = dynamoDBStreamEvent([outboxItemImage('obx_1')]);
    const samples = [
      valid,
      { Records: [] },
      { Records: [{ ...firstRecord(valid), eventSource: 'aws:kinesis' }] },
      { Records: [{ ...firstRecord(valid), dynamodb: { Keys: {} } }] },
    ];

    for (const sample of samples) {
      expect(dynamoDBStreamSchema.safeParse(sample).success).toBe(DynamoDBStreamSchema.safeParse(sample).success);
    }
  });
});

function firstRecord(event: Record<string, unknown>): Record<string, unknown> {
  return z.object({ Records: z.array(z.record(z.string(), z.unknown())).min(1) }).parse(event).Records[0] ?? {};
}

function unmarshallImages<T extends { Keys: object; NewImage?: object; OldImage?: object }>(change: T) {
  const image = (value: object | undefined) => (value === undefined ? undefined : unmarshall(toAttributeMap(value)));
  return {
    ...change,
    Keys: image(change.Keys),
    NewImage: image(change.NewImage),
    OldImage: image(change.OldImage),
  };
}

/** The images are validated as records of attribute values; the SDK's unmarshall wants its own type. */
function toAttributeMap(value: object): Record<string, AttributeValue> {
  return z.record(z.string(), z.custom<AttributeValue>()).parse(value);
}
