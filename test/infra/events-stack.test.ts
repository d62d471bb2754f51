import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

describe('EventsStack', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform();
  });

  it('feeds only pending outbox items from the table stream to the outbox consumer', () => {
    const { events } = synthesized.templates;

    events.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: Match.anyValue(),
      StartingPosition: 'TRIM_HORIZON',
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              dynamodb: { NewImage: { pk: { S: [{ prefix: 'OUTBOX#' }] }, status: { S: ['pending'] } } },
            }),
          },
        ],
      },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: Match.anyValue(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('parks what could not be processed in KMS-encrypted queues that refuse plain HTTP', () => {
    const { events } = synthesized.templates;
    const queues = resourcesOfType(events, 'AWS::SQS::Queue');

    expect(Object.keys(queues)).toHaveLength(3);
    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.Properties.KmsMasterKeyId, id).toBeDefined();
    }
    const queuePolicies = JSON.stringify(resourcesOfType(events, 'AWS::SQS::QueuePolicy'));
    for (const id of Object.keys(queues)) expect(queuePolicies).toContain(id);
    expect(queuePolicies).toContain('"aws:SecureTransport":"false"');
  });

  it('sends SES events of the configuration set to the SES consumer, with a dead-letter queue', () => {
    const { events } = synthesized.templates;

    events.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [Match.anyValue()] } } },
      },
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() }, RetryPolicy: Match.anyValue() })],
    });
  });

  it('subscribes the SMS receipt consumer to both SNS delivery-status log groups', () => {
    const { events, messaging } = synthesized.templates;
    const filters = Object.values(resourcesOfType(events, 'AWS::Logs::SubscriptionFilter'));

    expect(filters).toHaveLength(2);
    messaging.resourceCountIs('AWS::Logs::LogGroup', 3); // success, failure, the settings handler's
    const names = JSON.stringify(resourcesOfType(messaging, 'AWS::Logs::LogGroup'));
    expect(names).toContain('/DirectPublishToPhoneNumber"');
    expect(names).toContain('/DirectPublishToPhoneNumber/Failure"');
  });

  it('hands the state machine ARNs to the consumers as JSON by workflow name', () => {
    const functions = Object.values(resourcesOfType(synthesized.templates.events, 'AWS::Lambda::Function')).filter(
      (fn) => !String(fn.Properties.Description).startsWith('Signs the heads'),
    );

    for (const fn of functions) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(JSON.stringify(variables.STATE_MACHINE_ARNS)).toContain('MessageDelivery');
    }
  });
});
