import { Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

type PolicyStatement = { Action: string | string[]; Resource: unknown; Effect: string };

function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

describe('recovery in the CDK app (DESIGN.md, Operations)', () => {
  let synthesized: SynthesizedPlatform;
  let reconcilerId: string;
  let reconcilerRoleId: string;
  let consumerRoleId: string;
  beforeAll(() => {
    synthesized = synthPlatform();
    const { events } = synthesized.platform;
    const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
      Stack.of(events).getLogicalId(construct.node.defaultChild as CfnFunction);
    reconcilerId = logicalId(events.reconciler.function);
    reconcilerRoleId = logicalId(events.reconciler.function.role as never);
    consumerRoleId = logicalId(events.outboxConsumer.role as never);
  });

  it('runs the reconciler every five minutes on an EventBridge Scheduler schedule, one run at a time', () => {
    const { events } = synthesized.templates;
    const schedules = Object.values(resourcesOfType(events, 'AWS::Scheduler::Schedule'));

    expect(schedules).toHaveLength(1);
    expect(schedules[0]?.Properties).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [reconcilerId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } },
    });
    const reconciler = resourcesOfType(events, 'AWS::Lambda::Function')[reconcilerId];
    expect(reconciler?.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(JSON.stringify(reconciler?.Properties.Environment)).toContain('STATE_MACHINE_ARNS');
  });

  it('grants listing each workflow and redriving its executions in one managed policy, nothing wider', () => {
    const policies = Object.entries(resourcesOfType(synthesized.templates.workflows, 'AWS::IAM::ManagedPolicy'));
    const machines = Object.keys(resourcesOfType(synthesized.templates.workflows, 'AWS::StepFunctions::StateMachine'));
    const [, policy] = policies.find(([id]) => id.startsWith('RecoveryPolicy')) ?? [];
    if (!policy) throw new Error('no recovery policy in the workflows stack');
    const statements = (policy.Properties as { PolicyDocument: { Statement: PolicyStatement[] } }).PolicyDocument
      .Statement;

    expect(machines).toHaveLength(4);
    expect(statements.map(actionsOf)).toEqual([
      ['states:ListExecutions'],
      ['states:RedriveExecution', 'states:DescribeExecution'],
    ]);
    expect(statements[0]?.Resource).toEqual(machines.map((machine) => ({ Ref: machine })));
    // arn:<partition>:states:<region>:<account>:execution:<this machine's name>:*
    expect(statements[1]?.Resource).toEqual(
      machines.map((machine) => ({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':states:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':execution:',
            { 'Fn::GetAtt': [machine, 'Name'] },
            ':*',
          ],
        ],
      })),
    );
  });

  it('attaches that policy to the reconciler and to the outbox consumer (operators redrives), and to nothing else', () => {
    const roles = resourcesOfType(synthesized.templates.events, 'AWS::IAM::Role');
    const withPolicy = Object.entries(roles)
      .filter(([, role]) => JSON.stringify(role.Properties.ManagedPolicyArns ?? []).includes('RecoveryPolicy'))
      .map(([id]) => id);

    expect(withPolicy.sort()).toEqual([consumerRoleId, reconcilerRoleId].sort());
  });

  it('declares the operators routes on the API, for operators', () => {
    const routes = Object.values(resourcesOfType(synthesized.templates.api, 'AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );

    expect(routes).toContain('GET /v1/operations/failed-executions');
    expect(routes).toContain('POST /v1/operations/failed-executions/{id}/redrive');
  });
});
