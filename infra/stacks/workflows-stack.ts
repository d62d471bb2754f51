import { ArnFormat, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, Grant, type IGrantable, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  type IChainable,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowName } from '../../shared/ports/workflows';
import { WorkflowRecoveryPolicy } from '../constructs/operations-reconciler';
import { PlatformFunction } from '../constructs/platform-function';
import { messageDeliveryDefinition } from '../workflows/message-delivery-definition';
import { offerLifecycleDefinition } from '../workflows/offer-lifecycle-definition';
import { serviceDeliveryDefinition } from '../workflows/service-delivery-definition';
import { webhookDeliveryDefinition } from '../workflows/webhook-delivery-definition';

/**
 * What the workflows need of the data stack (the DataStack satisfies it): the table, for its name,
 * and the data stack's narrow grant (named item actions on the table and its indexes, the table's
 * key only via DynamoDB), instead of CDK's `grantReadWriteData`, whose index and KMS wildcards
 * cdk-nag rightly reports.
 */
export interface WorkflowsTableAccess {
  readonly table: ITable;
  grantTableReadWrite(grantee: IGrantable): void;
  /** The personal-data key (court callbacks' secrets are sealed with it) and the look-up HMAC key the vault names. */
  readonly personalDataKey: { readonly keyArn: string };
  readonly lookupHmacKey: { readonly keyArn: string };
}

export interface WorkflowsStackProps extends StackProps {
  data: WorkflowsTableAccess;
  emailChannel: { fromAddress: string; configurationSetName: string };
  /** Base of the portal links in service messages (the API's public URL); the config default otherwise. */
  /** Base of the portal links in service messages. */
  publicBaseUrl: string;
}

/**
 * The platform's Step Functions workflows and the function that runs their tasks. Stateless: the
 * table and the messaging configuration come in as props from the data and messaging stacks.
 */
export class WorkflowsStack extends Stack {
  public readonly stateMachines: Record<WorkflowName, StateMachine>;
  /** Listing, describing and redriving the executions (the reconciler, operators' redrives). */
  public readonly recoveryPolicy: WorkflowRecoveryPolicy;
  public readonly messageDeliveryFunction: PlatformFunction;
  public readonly offerLifecycleFunction: PlatformFunction;
  public readonly serviceDeliveryFunction: PlatformFunction;
  public readonly webhookDeliveryFunction: PlatformFunction;

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, props);

    this.messageDeliveryFunction = new PlatformFunction(this, 'MessageDeliveryTasks', {
      entry: 'functions/workflow/message-delivery.ts',
      description: 'MessageDelivery workflow tasks: send once, await the receipt, record the outcome',
      timeout: Duration.seconds(30),
      environment: {
        TABLE_NAME: props.data.table.tableName,
        MAIL_FROM: props.emailChannel.fromAddress,
        SES_CONFIGURATION_SET: props.emailChannel.configurationSetName,
      },
    });
    props.data.grantTableReadWrite(this.messageDeliveryFunction);
    this.grantSending(this.messageDeliveryFunction, props.emailChannel);

    const messageDelivery = this.workflow(
      'MessageDelivery',
      this.messageDeliveryFunction,
      messageDeliveryDefinition,
      // Receipts may take up to half an hour and throttling adds minutes: a day is a generous cap
      // that still ends an execution something went wrong with.
      Duration.days(1),
    );
    // The task that awaits the receipt completes its own token when the outcome is already known.
    this.allowTaskResponses('MessageDelivery', this.messageDeliveryFunction, messageDelivery);

    // OfferLifecycle: its task only reads and conditionally writes the table (the expiry); what
    // follows an expiry runs from the outbox, so the function needs no other grant.
    this.offerLifecycleFunction = new PlatformFunction(this, 'OfferLifecycleTasks', {
      entry: 'functions/workflow/offer-lifecycle.ts',
      description: 'OfferLifecycle workflow tasks: expire an offer still open at its deadline',
      timeout: Duration.seconds(30),
      environment: { TABLE_NAME: props.data.table.tableName },
    });
    props.data.grantTableReadWrite(this.offerLifecycleFunction);
    const offerLifecycle = this.workflow(
      'OfferLifecycle',
      this.offerLifecycleFunction,
      offerLifecycleDefinition,
      // The offer's deadline is configurable up to two weeks; the cap leaves room for retries.
      Duration.days(15),
    );

    // ServiceDelivery: one execution per recipient of a served document. Its task function sends
    // the attempts' messages (the same send-once use case as MessageDelivery) and completes its own
    // token when the outcome is already known, so it gets the same sending grants and a task
    // response policy scoped to this state machine.
    this.serviceDeliveryFunction = new PlatformFunction(this, 'ServiceDeliveryTasks', {
      entry: 'functions/workflow/service-delivery.ts',
      description: 'ServiceDelivery workflow tasks: plan addresses, attempt once each, decide served or unserved',
      timeout: Duration.seconds(30),
      environment: {
        TABLE_NAME: props.data.table.tableName,
        MAIL_FROM: props.emailChannel.fromAddress,
        SES_CONFIGURATION_SET: props.emailChannel.configurationSetName,
        PUBLIC_BASE_URL: props.publicBaseUrl,
      },
    });
    props.data.grantTableReadWrite(this.serviceDeliveryFunction);
    this.grantSending(this.serviceDeliveryFunction, props.emailChannel);
    const serviceDelivery = this.workflow(
      'ServiceDelivery',
      this.serviceDeliveryFunction,
      serviceDeliveryDefinition,
      // Several addresses, each up to a receipt deadline and a day for the signature: three weeks
      // caps an execution that went wrong while leaving room for long plans. (Under 24.8 days: the
      // local runtime arms the execution timeout as one Node timer, which cannot wait longer.)
      Duration.days(21),
    );
    this.allowTaskResponses('ServiceDelivery', this.serviceDeliveryFunction, serviceDelivery);

    // WebhookDelivery: one execution per court callback. Its task function reads and writes the
    // table, reveals the endpoint's sealed secret (kms:Decrypt on the data key only) and calls the
    // court's endpoint over the internet (no VPC: it reaches only public addresses, which the
    // sender checks after resolving the name).
    this.webhookDeliveryFunction = new PlatformFunction(this, 'WebhookDeliveryTasks', {
      entry: 'functions/workflow/webhook-delivery.ts',
      description: 'WebhookDelivery workflow tasks: one signed callback attempt, recorded, with the next retry',
      timeout: Duration.seconds(30),
      environment: {
        TABLE_NAME: props.data.table.tableName,
        PII_KMS_KEY_ID: props.data.personalDataKey.keyArn,
        PII_HMAC_KEY_ID: props.data.lookupHmacKey.keyArn,
      },
    });
    props.data.grantTableReadWrite(this.webhookDeliveryFunction);
    Grant.addToPrincipal({
      grantee: this.webhookDeliveryFunction,
      actions: ['kms:Decrypt'],
      resourceArns: [props.data.personalDataKey.keyArn],
    });
    const webhookDelivery = this.workflow(
      'WebhookDelivery',
      this.webhookDeliveryFunction,
      webhookDeliveryDefinition,
      // Retries go on for 24 hours (at most a week by configuration); the cap leaves room for the last one.
      Duration.days(8),
    );

    this.stateMachines = {
      MessageDelivery: messageDelivery,
      OfferLifecycle: offerLifecycle,
      ServiceDelivery: serviceDelivery,
      WebhookDelivery: webhookDelivery,
    };
    this.recoveryPolicy = new WorkflowRecoveryPolicy(this, 'Recovery', this.stateMachines);
  }

  /**
   * A Standard workflow of `taskFunction`'s tasks (`definition` builds its states), ended after
   * `timeout`: traced, every event logged for a year without execution data (inputs and outputs
   * carry task tokens; the entities hold the details).
   */
  private workflow(
    id: string,
    taskFunction: PlatformFunction,
    definition: (scope: Construct, taskFunction: PlatformFunction) => IChainable,
    timeout: Duration,
  ): StateMachine {
    const machine = new StateMachine(this, id, {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition(this, taskFunction)),
      timeout,
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, `${id}Logs`, { retention: RetentionDays.ONE_YEAR }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    this.acknowledgeStateMachinePolicy(machine, taskFunction);
    return machine;
  }

  /**
   * Lets `taskFunction` complete the task tokens of `machine` (a task that awaits an outcome
   * already known completes its own token). A policy of its own: in the function's default policy
   * the state machine's ARN would make the function depend on the state machine that depends on it.
   */
  private allowTaskResponses(id: string, taskFunction: PlatformFunction, machine: StateMachine): void {
    if (!taskFunction.role) return;
    new Policy(this, `${id}TaskResponse`, {
      roles: [taskFunction.role],
      statements: [
        new PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [machine.stateMachineArn],
        }),
      ],
    });
  }

  /**
   * The wildcards CDK itself puts in a state machine's role policy, acknowledged on that policy
   * only (the function's own policy is still checked in full).
   */
  private acknowledgeStateMachinePolicy(machine: StateMachine, taskFunction: PlatformFunction): void {
    // Created by the LambdaInvoke tasks, logging and tracing while the state machine was built;
    // findChild throws if CDK ever stops creating it, rather than acknowledging nothing.
    const policy = machine.role.node.findChild('DefaultPolicy');
    // cdk-nag names a Fn::GetAtt `<LogicalId.Arn>`: the id is exact for this one function.
    const functionLogicalId = this.getLogicalId(taskFunction.node.defaultChild as CfnFunction);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason:
        "CDK's LambdaInvoke grants lambda:InvokeFunction on the task function and its qualified ARNs " +
        '(versions and aliases); the wildcard is only the qualifier of this one function.',
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions logging (logs:*LogDelivery*, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) ' +
        'and X-Ray tracing (PutTraceSegments, PutTelemetryRecords, GetSampling*) support no resource-level permissions.',
    });
  }

  /** SES: send as the platform's identity through its configuration set; SNS: publish to phones only. */
  private grantSending(fn: PlatformFunction, email: WorkflowsStackProps['emailChannel']): void {
    const domain = email.fromAddress.slice(email.fromAddress.lastIndexOf('@') + 1);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.formatArn({
            service: 'ses',
            resource: 'identity',
            resourceName: domain,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: email.configurationSetName,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': email.fromAddress } },
      }),
    );
    // Publishing to a phone number has no resource ARN, so the grant is on "*"; the deny on every
    // topic ARN leaves it meaning "SMS to phone numbers only".
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [this.formatArn({ service: 'sns', region: '*', account: '*', resource: '*' })],
      }),
    );
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'SNS Publish to a phone number has no resource ARN; publishing to topics is denied.',
      });
    }
  }
}
