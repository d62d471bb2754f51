import { Aws, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IManagedPolicy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, type ILogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct, IConstruct } from 'constructs';
import { keys } from '../../shared/adapters/dynamodb/table-schema';
import { OperationsReconciler } from '../constructs/operations-reconciler';
import { PlatformFunction } from '../constructs/platform-function';
import type { DataStack } from './data-stack';
import type { MessagingStack } from './messaging-stack';

/**
 * Concurrency reserved for each event consumer (DESIGN.md, Operations): guaranteed to it, and the
 * most it may take, so a flood of receipts cannot crowd out the HTTP API or the workflows' tasks.
 */
export const consumerConcurrency = { outbox: 20, sesEvents: 10, smsReceipts: 10 } as const;

export interface EventsStackProps extends StackProps {
  data: DataStack;
  messaging: MessagingStack;
  /** Workflows by name, as the functions look them up in STATE_MACHINE_ARNS. */
  stateMachines: Record<string, IStateMachine>;
  /** Base URL for links in messages (the API URL, or its custom domain). */
  publicBaseUrl: string;
  /** Listing, describing and redriving executions (the workflows stack's WorkflowRecoveryPolicy). */
  recoveryPolicy: IManagedPolicy;
}

/**
 * The event consumers: the outbox on the table's stream (every side effect of a state change),
 * SES events from the configuration set, and SMS delivery receipts from the SNS delivery-status
 * logs. Each has a KMS-encrypted queue where what could not be processed is kept for replay.
 */
export class EventsStack extends Stack {
  public readonly outboxConsumer: PlatformFunction;
  public readonly sesEventsConsumer: PlatformFunction;
  public readonly smsDeliveryConsumer: PlatformFunction;
  public readonly checkpointer: PlatformFunction;
  public readonly reconciler: OperationsReconciler;
  public readonly outboxFailures: Queue;
  public readonly sesEventsFailures: Queue;
  public readonly smsDeliveryFailures: Queue;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const { data, messaging, stateMachines } = props;
    const stateMachineList = Object.values(stateMachines);
    const stateMachineArns = Stack.of(this).toJsonString(
      Object.fromEntries(Object.entries(stateMachines).map(([name, machine]) => [name, machine.stateMachineArn])),
    );

    // Failure queues hold references to events (and, for SES and SMS, the events themselves,
    // which name recipients): encrypted with a key of their own, which EventBridge may use to
    // deliver to its dead-letter queue.
    const queueKey = new Key(this, 'FailureQueueKey', {
      description: 'Dead-letter and on-failure queues of the event consumers',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(30),
    });
    queueKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    const failureQueue = (queueId: string): Queue => {
      const queue = new Queue(this, queueId, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: queueKey,
        dataKeyReuse: Duration.hours(1),
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter (on-failure) destination; messages are replayed by an operator.',
      });
      return queue;
    };

    const consumerEnvironment = {
      TABLE_NAME: data.table.tableName,
      STATE_MACHINE_ARNS: stateMachineArns,
      LOG_LEVEL: 'INFO',
    };

    // --- Outbox: every side effect of a state change (messages, workflow starts, task answers).
    this.outboxFailures = failureQueue('OutboxFailures');
    this.outboxConsumer = new PlatformFunction(this, 'OutboxConsumer', {
      entry: 'functions/events/outbox-consumer.ts',
      description: 'Outbox items from the table stream: workflow starts and task answers',
      timeout: Duration.seconds(60),
      // Reserved, so a burst elsewhere in the account never starves the side effects; and capped,
      // so the consumer never takes the whole account's concurrency (one per shard is all a stream
      // uses at its default parallelization; the rest is headroom for more shards).
      reservedConcurrentExecutions: consumerConcurrency.outbox,
      environment: {
        ...consumerEnvironment,
        PUBLIC_BASE_URL: props.publicBaseUrl,
        DOCUMENTS_BUCKET: data.documentsBucket.bucketName,
      },
    });
    this.outboxConsumer.addEventSource(
      new DynamoEventSource(data.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        // Only pending outbox items: every other write on the table (and the consumer's own
        // "delivered" update of an item) would otherwise invoke the consumer for nothing.
        filters: [
          FilterCriteria.filter({
            dynamodb: {
              NewImage: {
                pk: { S: FilterRule.beginsWith(outboxKeyPrefix()) },
                status: { S: FilterRule.isEqual('pending') },
              },
            },
          }),
        ],
        // One bad item must not hold back the shard: split the batch to isolate it, report
        // per-item failures so good items are not redone, then park it in the queue.
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.outboxFailures),
      }),
    );
    // Its handlers start workflows and answer waiting tasks; messages are sent by the workflows.
    data.grantTableReadWrite(this.outboxConsumer);
    for (const machine of stateMachineList) {
      machine.grantStartExecution(this.outboxConsumer);
      machine.grantTaskResponse(this.outboxConsumer);
    }
    // Operators' redrive requests reach the engine from here (POST /v1/operations/.../redrive).
    this.outboxConsumer.role?.addManagedPolicy(props.recoveryPolicy);
    Validations.of(roleOf(this.outboxConsumer)).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams, added by the stream event source, supports no resource-level permission.',
    });
    // After a court's decision it stores the ruling (rulings/*) and serves it (services/*).
    data.grantServedDocuments(this.outboxConsumer);
    data.grantDocumentEncryption(this.outboxConsumer);
    for (const acknowledgement of data.servedDocumentsNagIds()) {
      Validations.of(roleOf(this.outboxConsumer)).acknowledge(acknowledgement);
    }

    // --- SES events: delivery, bounce, complaint... of mail sent with the configuration set.
    this.sesEventsFailures = failureQueue('SesEventsFailures');
    this.sesEventsConsumer = new PlatformFunction(this, 'SesEventsConsumer', {
      entry: 'functions/events/ses-events.ts',
      description: 'SES events of the configuration set: delivery receipts feed service and address scores',
      environment: consumerEnvironment,
      reservedConcurrentExecutions: consumerConcurrency.sesEvents,
      onFailure: new SqsDestination(this.sesEventsFailures),
      retryAttempts: 2,
    });
    new Rule(this, 'SesEventsRule', {
      description: 'SES sending events of the platform configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [messaging.configurationSetName] } } },
      },
      targets: [
        new LambdaFunction(this.sesEventsConsumer, {
          deadLetterQueue: this.sesEventsFailures,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
    this.grantReceiptConsumer(this.sesEventsConsumer, data, stateMachineList);

    // --- SMS receipts: SNS writes one log event per SMS to the success or the failure log group.
    this.smsDeliveryFailures = failureQueue('SmsDeliveryFailures');
    this.smsDeliveryConsumer = new PlatformFunction(this, 'SmsDeliveryConsumer', {
      entry: 'functions/events/sms-delivery-status.ts',
      description: 'SNS SMS delivery-status log events: delivery receipts feed service and address scores',
      environment: consumerEnvironment,
      reservedConcurrentExecutions: consumerConcurrency.smsReceipts,
      onFailure: new SqsDestination(this.smsDeliveryFailures),
      retryAttempts: 2,
    });
    const smsLogGroups: Array<[string, ILogGroup]> = [
      ['SmsDeliverySubscription', messaging.smsDeliveryLogGroups.success],
      ['SmsFailureSubscription', messaging.smsDeliveryLogGroups.failure],
    ];
    for (const [filterId, logGroup] of smsLogGroups) {
      new SubscriptionFilter(this, filterId, {
        logGroup,
        destination: new LambdaDestination(this.smsDeliveryConsumer),
        filterPattern: FilterPattern.allEvents(),
      });
    }
    this.grantReceiptConsumer(this.smsDeliveryConsumer, data, stateMachineList);

    for (const consumer of [this.outboxConsumer, this.sesEventsConsumer, this.smsDeliveryConsumer]) {
      acknowledgeQueueKeyGrant(consumer);
    }

    // --- Checkpoints: every minute, the heads of the chains that moved are signed and filed under
    // Object Lock (DESIGN.md, Proof). A missed run is caught up by the next, which signs the newer head.
    this.checkpointer = new PlatformFunction(this, 'Checkpointer', {
      entry: 'functions/scheduled/checkpoint-chains.ts',
      description: 'Signs the heads of the hash chains that moved and files them in the checkpoint bucket',
      timeout: Duration.seconds(55),
      // One run at a time: a second would only sign the same heads.
      reservedConcurrentExecutions: 1,
      environment: { TABLE_NAME: data.table.tableName, LOG_LEVEL: 'INFO', ...data.proofEnvironment() },
    });
    data.grantTableReadWrite(this.checkpointer);
    data.grantCheckpointing(this.checkpointer);
    Validations.of(roleOf(this.checkpointer)).acknowledge(data.checkpointNagId());
    new Rule(this, 'CheckpointSchedule', {
      description: 'Sign and file chain checkpoints every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.checkpointer, { retryAttempts: 0 })],
    });

    // --- Recovery: stale outbox items, lost and failed executions (DESIGN.md, Operations).
    this.reconciler = new OperationsReconciler(this, 'Reconciler', {
      data,
      stateMachines,
      stateMachineArns,
      publicBaseUrl: props.publicBaseUrl,
      recoveryPolicy: props.recoveryPolicy,
    });
  }

  /** A receipt records the attempt's outcome and answers the waiting workflow task. */
  private grantReceiptConsumer(consumer: PlatformFunction, data: DataStack, stateMachines: IStateMachine[]): void {
    data.grantTableReadWrite(consumer);
    for (const machine of stateMachines) machine.grantTaskResponse(consumer);
  }
}

/** Findings on a function's permissions are acknowledged on its role, the narrowest scope. */
function roleOf(fn: PlatformFunction): IConstruct {
  if (fn.role === undefined) throw new Error(`${fn.node.path} has no role`);
  return fn.role;
}

/** `OUTBOX#`: the partition key prefix of outbox items, from the one definition of the keys. */
function outboxKeyPrefix(): string {
  const { pk } = keys.outbox('');
  return pk;
}

/**
 * CDK's grant for sending to a KMS-encrypted queue (event source and async on-failure
 * destinations) uses the wildcard actions below, on the one queue key only.
 */
function acknowledgeQueueKeyGrant(consumer: PlatformFunction): void {
  const reason = "Added by CDK for sending to the KMS-encrypted failure queue; limited to that queue's key.";
  Validations.of(roleOf(consumer)).acknowledge(
    { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason },
    { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
  );
}
