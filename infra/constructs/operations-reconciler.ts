import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import {
  type IGrantable,
  type IManagedPolicy,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { CfnStateMachine, IStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { PlatformFunction } from './platform-function';

/** What the reconciler needs of the data stack (the DataStack satisfies it). */
export interface ReconcilerDataAccess {
  readonly table: ITable;
  readonly documentsBucket: { readonly bucketName: string };
  grantTableReadWrite(grantee: IGrantable): void;
  grantServedDocuments(grantee: IGrantable): void;
  grantDocumentEncryption(grantee: IGrantable): void;
  servedDocumentsNagIds(): Array<{ id: string; reason: string }>;
}

export interface OperationsReconcilerProps {
  data: ReconcilerDataAccess;
  /** The workflows stack's recovery policy (list, describe, redrive executions). */
  recoveryPolicy: IManagedPolicy;
  stateMachines: Record<string, IStateMachine>;
  /** The functions' STATE_MACHINE_ARNS (a JSON object by workflow name). */
  stateMachineArns: string;
  publicBaseUrl: string;
  /** How often it runs; five minutes by default. */
  every?: Duration;
}

/**
 * The reconciler (DESIGN.md, Operations): a function on an EventBridge Scheduler schedule that
 * re-delivers outbox items the stream consumer missed, records failed executions for operators
 * and redrives them once (functions/scheduled/reconcile.ts). It delivers outbox items through the
 * outbox consumer's own handlers, so it holds the same grants, plus reading and redriving
 * executions.
 */
export class OperationsReconciler extends Construct {
  public readonly function: PlatformFunction;
  public readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: OperationsReconcilerProps) {
    super(scope, id);
    const { data } = props;
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/scheduled/reconcile.ts',
      description: 'Reconciler: stale outbox items re-delivered, failed executions recorded and redriven',
      timeout: Duration.minutes(4),
      // One run at a time: two would only race for the same items (harmless, but twice the work).
      reservedConcurrentExecutions: 1,
      environment: {
        TABLE_NAME: data.table.tableName,
        STATE_MACHINE_ARNS: props.stateMachineArns,
        PUBLIC_BASE_URL: props.publicBaseUrl,
        DOCUMENTS_BUCKET: data.documentsBucket.bucketName,
        LOG_LEVEL: 'INFO',
      },
    });
    data.grantTableReadWrite(this.function);
    data.grantServedDocuments(this.function);
    data.grantDocumentEncryption(this.function);
    const role = roleOf(this.function);
    for (const acknowledgement of data.servedDocumentsNagIds()) Validations.of(role).acknowledge(acknowledgement);
    for (const machine of Object.values(props.stateMachines)) {
      machine.grantStartExecution(this.function);
      machine.grantTaskResponse(this.function);
    }
    this.function.role?.addManagedPolicy(props.recoveryPolicy);

    // The schedule's own role, so the finding on its invoke grant is acknowledged on it alone.
    const scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler invoking the reconciler',
    });
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        "Added by CDK's LambdaInvoke target: lambda:InvokeFunction on the reconciler and its qualified ARNs " +
        '(versions and aliases) only.',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Run the reconciler: stale outbox items, lost and failed workflow executions',
      schedule: ScheduleExpression.rate(props.every ?? Duration.minutes(5)),
      // A missed run is made up by the next one: no retry, so runs never pile up.
      target: new LambdaInvoke(this.function, {
        role: scheduleRole,
        retryAttempts: 0,
        maxEventAge: Duration.minutes(5),
      }),
    });
  }
}

/**
 * What recovering workflows takes (DESIGN.md, Operations): listing each state machine's executions,
 * and redriving (and describing) its executions. A managed policy in the workflows' own stack, where
 * the state machines' names are local references, so the execution ARNs read
 * `…:execution:<machine name>:*` and each wildcard is acknowledged for exactly that machine; the
 * reconciler and the outbox consumer (which carries out operators' redrives) attach it.
 */
export class WorkflowRecoveryPolicy extends Construct {
  public readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string, stateMachines: Record<string, StateMachine>) {
    super(scope, id);
    const stack = Stack.of(this);
    const machines = Object.values(stateMachines);
    this.policy = new ManagedPolicy(this, 'Policy', {
      description: "List, describe and redrive the platform's workflow executions (reconciler, operators' redrives)",
      statements: [
        new PolicyStatement({
          actions: ['states:ListExecutions'],
          resources: machines.map((machine) => machine.stateMachineArn),
        }),
        new PolicyStatement({
          actions: ['states:RedriveExecution', 'states:DescribeExecution'],
          resources: machines.map((machine) =>
            stack.formatArn({
              service: 'states',
              resource: 'execution',
              resourceName: `${machine.stateMachineName}:*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ),
        }),
      ],
    });
    for (const machine of machines) {
      const logicalId = stack.getLogicalId(machine.node.defaultChild as CfnStateMachine);
      Validations.of(this.policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${logicalId}.Name>:*]`,
        reason:
          'Executions are named at run time (one per message, offer, recipient or callback): redrive and describe ' +
          'are granted on the executions of this one state machine.',
      });
    }
  }
}

function roleOf(fn: PlatformFunction): IConstruct {
  if (fn.role === undefined) throw new Error(`${fn.node.path} has no role`);
  return fn.role;
}
