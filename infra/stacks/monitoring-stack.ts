import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { OperationsAlarms } from '../constructs/operations-alarms';

export interface MonitoringStackProps extends StackProps {
  deadLetterQueues: Record<string, IQueue>;
  streamConsumer: IFunction;
  stateMachines: Record<string, IStateMachine>;
  functions: Record<string, IFunction>;
  httpApiId: string;
  smsMonthlySpendLimit: number | undefined;
  /** The month's cost budget in USD (context monthlyBudgetUsd). */
  monthlyBudgetUsd: number;
  alarmEmail: string | undefined;
}

/**
 * What tells an operator something is wrong (DESIGN.md, Operations): the alarms, the one dashboard
 * and the month's cost budget. Stateless and last: it only reads the other stacks' names.
 */
export class MonitoringStack extends Stack {
  public readonly operations: OperationsAlarms;
  public readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    this.operations = new OperationsAlarms(this, 'Operations', {
      deadLetterQueues: props.deadLetterQueues,
      streamConsumer: props.streamConsumer,
      stateMachines: props.stateMachines,
      functions: props.functions,
      httpApiId: props.httpApiId,
      // SNS's limit for an account that never asked for more.
      smsMonthlySpendLimit: props.smsMonthlySpendLimit ?? 1,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
    // Notices at 80% of the month's actual cost and when the forecast passes the budget, to the
    // alarms' topic (and the alarm address, if one was given).
    const subscribers = [
      { subscriptionType: 'SNS', address: this.operations.topic.topicArn },
      ...(props.alarmEmail ? [{ subscriptionType: 'EMAIL', address: props.alarmEmail }] : []),
    ];
    this.budget = new CfnBudget(this, 'MonthlyCost', {
      budget: {
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyBudgetUsd, unit: 'USD' },
        costFilters: { TagKeyValue: ['user:project$dispute-resolution-platform'] },
      },
      notificationsWithSubscribers: [
        {
          notification: {
            notificationType: 'ACTUAL',
            comparisonOperator: 'GREATER_THAN',
            threshold: 80,
            thresholdType: 'PERCENTAGE',
          },
          subscribers,
        },
        {
          notification: {
            notificationType: 'FORECASTED',
            comparisonOperator: 'GREATER_THAN',
            threshold: 100,
            thresholdType: 'PERCENTAGE',
          },
          subscribers,
        },
      ],
    });
  }
}
