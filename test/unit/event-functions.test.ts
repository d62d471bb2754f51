import { ParseError } from '@aws-lambda-powertools/parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordDeliveryEvent } from '../../functions/events/delivery-event-metrics';
import { type DeliverOutboxItem, outboxConsumerHandler } from '../../functions/events/outbox-consumer-handler';
import { sesEventsHandler } from '../../functions/events/ses-events-handler';
import { smsDeliveryStatusHandler } from '../../functions/events/sms-delivery-status-handler';
import { createTelemetry, lambdaHandler } from '../../functions/middleware/lambda-handler';
import { dispatchOfferLifecycleTask } from '../../functions/workflow/offer-lifecycle-tasks';
import { NotFound } from '../../shared/domain/errors';
import type { EmailAcceptance } from '../../shared/ports/email-acceptances';
import type { OutboxItem } from '../../shared/ports/outbox';
import type { WorkflowEngine } from '../../shared/ports/workflows';
import {
  DeliveryEventNotYetMatched,
  type ProviderDeliveryEvent,
  recordDeliveryEvent,
} from '../../shared/use-cases/message-delivery/record-delivery-event';
import {
  cloudWatchLogsEvent,
  dynamoDBStreamEvent,
  eventBridgeEvent,
  outboxItemImage,
  sesBounceDetail,
  sesDeliveryDetail,
  snsDeliveryStatusRecord,
} from '../support/aws-events';
import { type CapturedOutput, captureOutput, lambdaContext } from '../support/lambda-invocation';
import { MemoryStateStore } from '../support/memory-state-store';
import { TestClock } from '../support/test-clock';

/**
 * Each non-HTTP entry point's "event → use case call" part, built by the same factory its entry
 * module uses, with the use case replaced by a recorder (or run for real on the in-memory store),
 * and driven with events in the shape AWS delivers them.
 */

let output: CapturedOutput;

beforeEach(() => {
  output = captureOutput();
});

afterEach(() => {
  output.restore();
});

/** A stand-in for `recordDeliveryEvent` that keeps what it was asked to record. */
function recorder(result: Awaited<ReturnType<RecordDeliveryEvent>> = { matched: false }) {
  const recorded: ProviderDeliveryEvent[] = [];
  const record: RecordDeliveryEvent = async (delivery) => {
    recorded.push(delivery);
    return result;
  };
  return { recorded, record };
}

const matched = { matched: true, messageId: 'msg_1', status: 'delivered', completedWait: true } as const;

/** No workflow is waiting on these messages; a test that reaches the engine fails loudly. */
const noWorkflows: WorkflowEngine = {
  start: () => Promise.reject(new Error('no workflow expected')),
  sendTaskSuccess: () => Promise.reject(new Error('no workflow expected')),
  sendTaskFailure: () => Promise.reject(new Error('no workflow expected')),
};

/** For the events that are not a tagged Send: none may be kept as an acceptance. */
const noAcceptance = () => Promise.reject(new Error('no Send event expected'));

describe('sesEventsHandler', () => {
  it('records a delivery that SES reports through EventBridge', async () => {
    // Prepare
    const { recorded, record } = recorder(matched);
    const handler = sesEventsHandler(createTelemetry('ses-events', 'INFO'), record, noAcceptance);

    // Act
    await handler(eventBridgeEvent(sesDeliveryDetail('ses-1')), lambdaContext());

    // Assess
    expect(recorded).toEqual([
      { channel: 'email', providerMessageId: 'ses-1', event: { kind: 'delivered', at: '2026-11-02T08:00:04.133Z' } },
    ]);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({ message: 'SES event recorded', eventType: 'Delivery', matched: true }),
    );
    expect(output.metrics()).toContainEqual(
      expect.objectContaining({
        name: 'DeliveryEventsRecorded',
        value: 1,
        dimensions: { service: 'ses-events', channel: 'email', kind: 'delivered' },
      }),
    );
  });

  it("passes the platform's message id from the send's message tag in mail.tags, to match first", async () => {
    // Prepare
    const { recorded, record } = recorder(matched);
    const handler = sesEventsHandler(createTelemetry('ses-events', 'INFO'), record, noAcceptance);
    const detail = sesDeliveryDetail('ses-9');
    const mail = detail.mail as Record<string, unknown>;
    const tagged = {
      ...detail,
      mail: { ...mail, tags: { 'ses:configuration-set': ['platform'], 'platform-message-id': ['msg_abc'] } },
    };

    // Act
    await handler(eventBridgeEvent(tagged), lambdaContext());

    // Assess
    expect(recorded).toEqual([
      {
        channel: 'email',
        providerMessageId: 'ses-9',
        platformMessageId: 'msg_abc',
        event: { kind: 'delivered', at: '2026-11-02T08:00:04.133Z' },
      },
    ]);
  });

  it('records a bounce as a failure with its type', async () => {
    // Prepare
    const { recorded, record } = recorder(matched);
    const handler = sesEventsHandler(createTelemetry('ses-events', 'INFO'), record, noAcceptance);

    // Act
    await handler(eventBridgeEvent(sesBounceDetail('ses-2'), 'Email Bounced'), lambdaContext());

    // Assess
    expect(recorded).toEqual([
      {
        channel: 'email',
        providerMessageId: 'ses-2',
        event: { kind: 'failed', at: '2026-11-02T08:00:05.000Z', reason: 'bounce: Permanent/General' },
      },
    ]);
  });

  it('records nothing for an event that says nothing about arrival', async () => {
    // Prepare
    const { recorded, record } = recorder();
    const handler = sesEventsHandler(createTelemetry('ses-events', 'INFO'), record, noAcceptance);
    const { delivery: _, ...send } = sesDeliveryDetail('ses-3');

    // Act: a Send without the platform's tag: not a message of ours
    await handler(eventBridgeEvent({ ...send, eventType: 'Send', send: {} }, 'Email Sent'), lambdaContext());

    // Assess
    expect(recorded).toEqual([]);
  });

  it("keeps a Send event tagged with the platform's message id as SES's acceptance, and records no delivery", async () => {
    // Prepare
    const { recorded, record } = recorder();
    const accepted: EmailAcceptance[] = [];
    const handler = sesEventsHandler(createTelemetry('ses-events', 'INFO'), record, async (acceptance) => {
      accepted.push(acceptance);
    });
    const { delivery: _, ...send } = sesDeliveryDetail('ses-5');
    const mail = { ...(send.mail as Record<string, unknown>), tags: { 'platform-message-id': ['msg_sent'] } };

    // Act
    await handler(eventBridgeEvent({ ...send, mail, eventType: 'Send', send: {} }, 'Email Sent'), lambdaContext());

    // Assess
    expect(accepted).toEqual([
      { platformMessageId: 'msg_sent', providerMessageId: 'ses-5', at: '2026-11-02T08:00:00.240Z' },
    ]);
    expect(recorded).toEqual([]);
  });

  it('logs and drops an event that is not an SES event, without a retry', async () => {
    // Prepare
    const { recorded, record } = recorder();
    const handler = sesEventsHandler(createTelemetry('ses-events', 'INFO'), record, noAcceptance);

    // Act
    const result = await handler(eventBridgeEvent({ eventType: 'Open', mail: {} }), lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(recorded).toEqual([]);
    expect(output.logs()).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'dropped an event that does not match its schema' }),
    ]);
  });

  it('rethrows the use case’s error for a receipt that overtook its send, so EventBridge delivers it again', async () => {
    // Prepare
    const clock = new TestClock();
    clock.passTo('2026-11-02T08:00:04.133Z', 1_000);
    const deps = { store: new MemoryStateStore(clock), clock, workflows: noWorkflows };
    const handler = sesEventsHandler(
      createTelemetry('ses-events', 'INFO'),
      (delivery) => recordDeliveryEvent(deps, delivery),
      noAcceptance,
    );

    // Act
    const failure = await handler(eventBridgeEvent(sesDeliveryDetail('ses-4')), lambdaContext()).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(DeliveryEventNotYetMatched);
    expect(output.metrics()).toContainEqual(
      expect.objectContaining({
        name: 'FailedInvocations',
        dimensions: { service: 'ses-events', errorName: 'DeliveryEventNotYetMatched' },
      }),
    );
  });
});

describe('smsDeliveryStatusHandler', () => {
  it('records every delivery-status record of a CloudWatch Logs subscription event', async () => {
    // Prepare
    const { recorded, record } = recorder(matched);
    const handler = smsDeliveryStatusHandler(createTelemetry('sms-delivery-status', 'INFO'), record);
    const event = cloudWatchLogsEvent([
      JSON.stringify(snsDeliveryStatusRecord('sns-1')),
      JSON.stringify(snsDeliveryStatusRecord('sns-2', 'FAILURE')),
    ]);

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(recorded).toEqual([
      {
        channel: 'sms',
        providerMessageId: 'sns-1',
        destination: '+8613700000001',
        event: { kind: 'delivered', at: '2026-11-02T08:00:01.558Z' },
      },
      {
        channel: 'sms',
        providerMessageId: 'sns-2',
        destination: '+8613700000001',
        event: {
          kind: 'failed',
          at: '2026-11-02T08:00:01.558Z',
          reason: 'carrier: Phone is currently unreachable/unavailable',
        },
      },
    ]);
    const counted = output.metrics().filter((metric) => metric.name === 'DeliveryEventsRecorded');
    expect(counted.map((metric) => metric.dimensions)).toEqual([
      { service: 'sms-delivery-status', channel: 'sms', kind: 'delivered' },
      { service: 'sms-delivery-status', channel: 'sms', kind: 'failed' },
    ]);
  });

  it('skips a log event that is not a delivery-status record and still records the others', async () => {
    // Prepare
    const { recorded, record } = recorder(matched);
    const handler = smsDeliveryStatusHandler(createTelemetry('sms-delivery-status', 'INFO'), record);
    const event = cloudWatchLogsEvent([
      'not a record at all',
      JSON.stringify({ notification: { messageId: 'sns-x' } }),
      JSON.stringify(snsDeliveryStatusRecord('sns-3')),
    ]);

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(recorded.map((delivery) => delivery.providerMessageId)).toEqual(['sns-3']);
    const skipped = output.logs().filter((line) => line.message.startsWith('skipped a log event'));
    expect(skipped).toHaveLength(2);
    expect(output.metrics()).toContainEqual(expect.objectContaining({ name: 'LogEventsSkipped', value: [1, 1] }));
  });

  it('records nothing for CloudWatch Logs’ control message', async () => {
    // Prepare
    const { recorded, record } = recorder();
    const handler = smsDeliveryStatusHandler(createTelemetry('sms-delivery-status', 'INFO'), record);
    const event = cloudWatchLogsEvent(
      ['CWL CONTROL MESSAGE: Checking health of destination Lambda.'],
      'CONTROL_MESSAGE',
    );

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(recorded).toEqual([]);
    expect(output.logs()).toEqual([]);
  });

  it('logs and drops a subscription event whose data does not decode, without a retry', async () => {
    // Prepare
    const { recorded, record } = recorder();
    const handler = smsDeliveryStatusHandler(createTelemetry('sms-delivery-status', 'INFO'), record);

    // Act
    const result = await handler({ awslogs: { data: 'bm90IGd6aXA=' } }, lambdaContext());

    // Assess
    expect(result).toBeNull();
    expect(recorded).toEqual([]);
    expect(output.logs()).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'dropped an event that does not match its schema' }),
    ]);
  });

  it('reaches recordDeliveryEvent, which ignores an old receipt for a message it never sent', async () => {
    // Prepare
    const clock = new TestClock();
    const deps = { store: new MemoryStateStore(clock), clock, workflows: noWorkflows };
    const handler = smsDeliveryStatusHandler(createTelemetry('sms-delivery-status', 'INFO'), (delivery) =>
      recordDeliveryEvent(deps, delivery),
    );
    const event = cloudWatchLogsEvent([
      JSON.stringify(snsDeliveryStatusRecord('sns-4', 'SUCCESS', '2016-06-28 00:40:34.558')),
    ]);

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(output.logs()).toContainEqual(
      expect.objectContaining({ message: 'SMS delivery status recorded', status: 'SUCCESS', matched: false }),
    );
    expect(output.metrics()).toContainEqual(
      expect.objectContaining({
        name: 'DeliveryEventsUnmatched',
        dimensions: { service: 'sms-delivery-status', channel: 'sms' },
      }),
    );
  });

  it('throws once every record had its chance, when one could not be recorded', async () => {
    // Prepare
    const notYet = new DeliveryEventNotYetMatched('no message has sms provider id sns-5 yet');
    const recorded: string[] = [];
    const handler = smsDeliveryStatusHandler(createTelemetry('sms-delivery-status', 'INFO'), async (delivery) => {
      if (delivery.providerMessageId === 'sns-5') throw notYet;
      recorded.push(delivery.providerMessageId);
      return matched;
    });
    const event = cloudWatchLogsEvent([
      JSON.stringify(snsDeliveryStatusRecord('sns-5')),
      JSON.stringify(snsDeliveryStatusRecord('sns-6')),
    ]);

    // Act
    const failure = await handler(event, lambdaContext()).catch((error: unknown) => error);

    // Assess
    expect(recorded).toEqual(['sns-6']);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors).toEqual([notYet]);
  });
});

describe('outboxConsumerHandler', () => {
  function deliverer(failing: string[] = []) {
    const delivered: OutboxItem[] = [];
    const deliver: DeliverOutboxItem = async (item) => {
      if (failing.includes(item.id)) throw new Error(`consumer of ${item.type} failed`);
      delivered.push(item);
    };
    return { delivered, deliver };
  }

  it('delivers each pending outbox item of a stream batch, in order', async () => {
    // Prepare
    const { delivered, deliver } = deliverer();
    const handler = outboxConsumerHandler(createTelemetry('outbox-consumer', 'INFO'), deliver);

    // Act
    const result = await handler(
      dynamoDBStreamEvent([outboxItemImage('obx_1'), outboxItemImage('obx_2')]),
      lambdaContext(),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(delivered).toEqual([
      {
        id: 'obx_1',
        type: 'workflow.start',
        payload: { workflow: 'MessageDelivery', messageId: 'msg_1' },
        chainId: 'case_1',
        eventSeq: 3,
        createdAt: '2026-11-02T08:00:00.000Z',
      },
      expect.objectContaining({ id: 'obx_2' }),
    ]);
    expect(output.metrics()).toContainEqual(expect.objectContaining({ name: 'OutboxItemsDelivered', value: [1, 1] }));
  });

  it('reports the failing record, so the batch is retried from it and nothing after it is lost', async () => {
    // Prepare
    const { delivered, deliver } = deliverer(['obx_2']);
    const handler = outboxConsumerHandler(createTelemetry('outbox-consumer', 'INFO'), deliver);
    const event = dynamoDBStreamEvent([outboxItemImage('obx_1'), outboxItemImage('obx_2'), outboxItemImage('obx_3')]);

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '11100000000000000000001' }] });
    expect(delivered.map((item) => item.id)).toEqual(['obx_1']);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'outbox item not delivered', outboxId: 'obx_2' }),
    );
    expect(output.metrics()).toContainEqual(expect.objectContaining({ name: 'OutboxItemsFailed', value: 1 }));
  });

  it('skips a record that is not a pending outbox item', async () => {
    // Prepare
    const { delivered, deliver } = deliverer();
    const handler = outboxConsumerHandler(createTelemetry('outbox-consumer', 'INFO'), deliver);

    // Act
    await handler(dynamoDBStreamEvent([outboxItemImage('obx_1', 'done'), outboxItemImage('obx_2')]), lambdaContext());

    // Assess
    expect(delivered.map((item) => item.id)).toEqual(['obx_2']);
  });

  it('fails a batch that is not a DynamoDB stream batch, for the source to retry and park', async () => {
    // Prepare
    const { delivered, deliver } = deliverer();
    const handler = outboxConsumerHandler(createTelemetry('outbox-consumer', 'INFO'), deliver);

    // Act
    const failure = await handler({ Records: [{ eventSource: 'aws:sqs' }] }, lambdaContext()).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(ParseError);
    expect(delivered).toEqual([]);
  });
});

describe('workflow task functions', () => {
  const clock = new TestClock();
  const offerTask = () =>
    lambdaHandler(createTelemetry('offer-lifecycle', 'INFO'), (payload) =>
      dispatchOfferLifecycleTask({ store: new MemoryStateStore(clock), clock }, payload),
    );

  it('rethrows the use case’s named error unchanged, for the state machine’s Catch', async () => {
    // Act
    const failure = await offerTask()({ task: 'expire', offerId: 'off_missing' }, lambdaContext()).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(NotFound);
    expect((failure as Error).name).toBe('NotFound');
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'invocation failed',
        error: expect.objectContaining({ name: 'NotFound' }),
      }),
    );
  });

  it('rethrows a payload the definition never sends as the schema’s own error', async () => {
    // Act
    const failure = await offerTask()({ task: 'expire' }, lambdaContext()).catch((error: unknown) => error);

    // Assess
    // Named as zod names a parse failure (the task schema is zod/mini's; Lambda reports the name).
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('ZodError');
    expect((failure as { issues: Array<{ path: string[] }> }).issues).toEqual([
      expect.objectContaining({
        code: 'invalid_type',
        path: ['offerId'],
        message: 'Invalid input: expected string, received undefined',
      }),
    ]);
    expect(output.metrics()).toContainEqual(
      expect.objectContaining({
        name: 'FailedInvocations',
        dimensions: { service: 'offer-lifecycle', errorName: 'ZodError' },
      }),
    );
  });
});
