import { gzipSync } from 'node:zlib';
import { marshall } from '@aws-sdk/util-dynamodb';
import { outboxPendingIndexOf } from '../../shared/adapters/dynamodb/table-schema';

/**
 * Events as AWS delivers them to the platform's event functions, built from the documented
 * examples (SES event publishing to EventBridge, SNS SMS delivery-status logs through a CloudWatch
 * Logs subscription, a DynamoDB stream through an event source mapping).
 */

/** An SES Delivery event's `detail` (SES event publishing), for the message SES gave `messageId`. */
export function sesDeliveryDetail(
  messageId: string,
  deliveredAt = '2026-11-02T08:00:04.133Z',
): Record<string, unknown> {
  return {
    eventType: 'Delivery',
    mail: {
      timestamp: '2026-11-02T08:00:00.240Z',
      source: 'no-reply@platform.example',
      sourceArn: 'arn:aws:ses:ap-east-1:123456789012:identity/platform.example',
      sendingAccountId: '123456789012',
      messageId,
      destination: ['recipient@example.com'],
      headersTruncated: false,
      tags: { 'ses:configuration-set': ['platform'] },
    },
    delivery: {
      timestamp: deliveredAt,
      processingTimeMillis: 3893,
      recipients: ['recipient@example.com'],
      smtpResponse: '250 2.6.0 Message received',
      reportingMTA: 'a8-70.smtp-out.amazonses.com',
    },
  };
}

/** An SES Bounce event's `detail`. */
export function sesBounceDetail(messageId: string): Record<string, unknown> {
  const { delivery: _, ...delivered } = sesDeliveryDetail(messageId);
  return {
    ...delivered,
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        { emailAddress: 'recipient@example.com', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1' },
      ],
      timestamp: '2026-11-02T08:00:05.000Z',
      feedbackId: '0100015a-example',
      reportingMTA: 'dsn; a8-70.smtp-out.amazonses.com',
    },
  };
}

/** What the configuration set's EventBridge destination delivers around an SES event. */
export function eventBridgeEvent(detail: unknown, detailType = 'Email Delivered'): Record<string, unknown> {
  return {
    version: '0',
    id: '0b4b8c4e-1b3f-4f0a-9d58-3c0b5f5c0f6e',
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-11-02T08:00:05Z',
    region: 'ap-east-1',
    resources: ['arn:aws:ses:ap-east-1:123456789012:configuration-set/platform'],
    detail,
  };
}

/** One SMS delivery-status record as SNS writes it to `sns/<region>/<account>/DirectPublishToPhoneNumber`. */
export function snsDeliveryStatusRecord(
  messageId: string,
  status: 'SUCCESS' | 'FAILURE' = 'SUCCESS',
  timestamp = '2026-11-02 08:00:01.558',
): Record<string, unknown> {
  return {
    notification: { messageId, timestamp },
    delivery: {
      mnc: 0,
      numberOfMessageParts: 1,
      destination: '+8613700000001',
      priceInUSD: 0.00645,
      smsType: 'Transactional',
      mcc: 460,
      phoneCarrier: 'China Mobile',
      providerResponse:
        status === 'SUCCESS'
          ? 'Message has been accepted by phone carrier'
          : 'Phone is currently unreachable/unavailable',
      dwellTimeMs: 599,
      ...(status === 'SUCCESS' ? { dwellTimeMsUntilDeviceAck: 1344 } : {}),
    },
    status,
  };
}

/**
 * A CloudWatch Logs subscription event: the log events, as JSON, gzipped and base64-encoded under
 * `awslogs.data`, exactly as CloudWatch Logs invokes a subscribed function.
 */
export function cloudWatchLogsEvent(
  messages: string[],
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE' = 'DATA_MESSAGE',
): { awslogs: { data: string } } {
  const logGroup = 'sns/ap-east-1/123456789012/DirectPublishToPhoneNumber';
  const payload = {
    messageType,
    owner: '123456789012',
    logGroup,
    logStream: '2d3f2ab0-7d3e-4bde-9e4f-1b2c3d4e5f60',
    subscriptionFilters: ['SmsDeliverySubscription'],
    logEvents: messages.map((message, index) => ({
      id: `3795358045817296658862374183434536858470937${String(index).padStart(6, '0')}`,
      timestamp: Date.parse('2026-11-02T08:00:02Z') + index,
      message,
    })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

/** A new outbox item as the state store writes it (see DynamoStateStore), marshalled as the stream carries it. */
export function outboxItemImage(id: string, status = 'pending'): Record<string, unknown> {
  return marshall({
    pk: `OUTBOX#${id}`,
    sk: 'OUTBOX',
    id,
    type: 'workflow.start',
    payload: { workflow: 'MessageDelivery', messageId: 'msg_1' },
    chainId: 'case_1',
    eventSeq: 3,
    createdAt: '2026-11-02T08:00:00.000Z',
    status,
    gsi1pk: outboxPendingIndexOf(id),
    gsi1sk: `2026-11-02T08:00:00.000Z#${id}`,
  });
}

/** A batch from the table's stream (NEW_AND_OLD_IMAGES), one INSERT record per new image. */
export function dynamoDBStreamEvent(newImages: Record<string, unknown>[]): Record<string, unknown> {
  return {
    Records: newImages.map((image, index) => ({
      eventID: `c4ca4238a0b923820dcc509a6f75849${index}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ap-east-1',
      dynamodb: {
        ApproximateCreationDateTime: 1793606400,
        Keys: { pk: image.pk, sk: image.sk },
        NewImage: image,
        SequenceNumber: `1110000000000000000000${index}`,
        SizeBytes: 312,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: 'arn:aws:dynamodb:ap-east-1:123456789012:table/platform/stream/2026-11-01T00:00:00.000',
    })),
  };
}
