import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { metricsNamespace } from '../../shared/adapters/logging/metrics';

/**
 * SES's own limits on an account's reputation (the SES developer guide, "Reputation metrics"): an
 * account goes under review at a 5% bounce rate or a 0.1% complaint rate (and may be paused at 10%
 * and 0.5%). The alarms fire at 80% of the review levels, so there is time to act before SES does.
 */
export const sesLimits = { bounceRateReview: 0.05, complaintRateReview: 0.001, alarmShare: 0.8 } as const;

export interface OperationsAlarmsProps {
  /** Each dead-letter (on-failure) queue, by a readable name. */
  deadLetterQueues: Record<string, IQueue>;
  /** The function on the table's stream: its iterator age says how far behind it is. */
  streamConsumer: IFunction;
  stateMachines: Record<string, IStateMachine>;
  /** Every platform function, by a readable name: errors and throttles. */
  functions: Record<string, IFunction>;
  /** The HTTP API's id (AWS/ApiGateway `ApiId`). */
  httpApiId: string;
  /** The SMS spend limit in USD (context smsMonthlySpendLimit; SNS's default for a new account is 1). */
  smsMonthlySpendLimit: number;
  /** Where alarm notices go, besides the topic (context alarmEmail). */
  alarmEmail?: string;
}

/**
 * Every alarm of DESIGN.md, "Operations", one SNS topic they notify, and the one dashboard. An
 * alarm fires on the first sign of stuck work (a message in a dead-letter queue, a failed
 * execution), since each means a person must look (docs/operations.md says what to do).
 */
export class OperationsAlarms extends Construct {
  public readonly topic: Topic;
  public readonly dashboard: Dashboard;
  public readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', {
      description: 'Alarm and budget notices',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms and AWS Budgets publish to the encrypted topic.
    for (const service of ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com']) {
      key.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      );
    }
    this.topic = new Topic(this, 'Notices', {
      displayName: 'Dispute platform alarms and budget',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${description} See docs/operations.md.`,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);

    // Stuck work: a dead letter anywhere.
    const queueDepths = Object.entries(props.deadLetterQueues).map(([name, queue]) => {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' });
      alarm(`${name}Depth`, depth, 1, `${name}: a message waits in the dead-letter queue; drain it.`);
      return depth;
    });
    const setAside = new Metric({
      namespace: metricsNamespace,
      metricName: 'OutboxItemsSetAside',
      dimensionsMap: { service: 'outbox-consumer' },
      statistic: 'Sum',
      period: fiveMinutes,
    });
    alarm('OutboxDeadLetterRecords', setAside, 1, 'An outbox item failed too often and was set aside; requeue it.');

    // The stream consumer falling behind (records expire from the stream after 24 hours).
    const iteratorAge = props.streamConsumer.metric('IteratorAge', { statistic: 'Maximum', period: fiveMinutes });
    alarm(
      'StreamIteratorAge',
      iteratorAge,
      Duration.minutes(10).toMilliseconds(),
      'The outbox stream consumer is 10 minutes or more behind.',
    );

    // Workflows: every failed or timed-out execution.
    const executions: IMetric[] = [];
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      const failed = machine.metricFailed({ period: fiveMinutes, statistic: 'Sum' });
      const timedOut = machine.metricTimedOut({ period: fiveMinutes, statistic: 'Sum' });
      alarm(
        `${name}ExecutionsFailed`,
        failed,
        1,
        `${name}: an execution failed; it is listed at GET /v1/operations/failed-executions.`,
      );
      alarm(`${name}ExecutionsTimedOut`, timedOut, 1, `${name}: an execution timed out.`);
      executions.push(failed, timedOut);
    }

    // Functions: errors (an invocation that threw) and throttles.
    const errors: IMetric[] = [];
    const throttles: IMetric[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const failed = fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' });
      const throttled = fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' });
      alarm(`${name}Errors`, failed, 1, `${name}: an invocation failed.`);
      alarm(`${name}Throttles`, throttled, 1, `${name}: invocations were throttled.`);
      errors.push(failed);
      throttles.push(throttled);
    }

    // SES reputation, against SES's own review levels.
    const bounceRate = new Metric({
      namespace: 'AWS/SES',
      metricName: 'Reputation.BounceRate',
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
    const complaintRate = new Metric({
      namespace: 'AWS/SES',
      metricName: 'Reputation.ComplaintRate',
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
    alarm(
      'SesBounceRate',
      bounceRate,
      sesLimits.bounceRateReview * sesLimits.alarmShare,
      'SES bounce rate at 80% of the 5% at which SES reviews the account.',
    );
    alarm(
      'SesComplaintRate',
      complaintRate,
      sesLimits.complaintRateReview * sesLimits.alarmShare,
      'SES complaint rate at 80% of the 0.1% at which SES reviews the account.',
    );

    // SMS spend this month, against the account's monthly limit.
    const smsSpend = new Metric({
      namespace: 'AWS/SNS',
      metricName: 'SMSMonthToDateSpentUSD',
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
    alarm(
      'SmsMonthlySpend',
      smsSpend,
      props.smsMonthlySpendLimit * 0.8,
      `SMS spend this month reached 80% of the ${props.smsMonthlySpendLimit} USD limit; SNS stops sending at the limit.`,
    );

    // HTTP 5xx rate (a share of requests, once there are enough to tell).
    const apiMetric = (metricName: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.httpApiId },
        statistic: 'Sum',
        period: fiveMinutes,
      });
    const serverErrorRate = new MathExpression({
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: { errors: apiMetric('5xx'), requests: apiMetric('Count') },
      label: '5xx (% of requests)',
      period: fiveMinutes,
    });
    alarm('Http5xxRate', serverErrorRate, 1, 'One request in a hundred or more answered 5xx.');

    // Business figures (Powertools EMF, functions/events/business-metrics.ts).
    const business = (metricName: string, statistic = 'Sum') =>
      new Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: { service: 'outbox-consumer' },
        statistic,
        period: Duration.hours(1),
      });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new TextWidget({
            markdown: `# Dispute platform (${Stack.of(this).stackName})\nAlarms notify the topic; docs/operations.md says what to do.`,
            width: 24,
            height: 2,
          }),
        ],
        [
          new GraphWidget({ title: 'Dead letters', left: [...queueDepths, setAside], width: 8 }),
          new GraphWidget({ title: 'Outbox stream iterator age (ms)', left: [iteratorAge], width: 8 }),
          new GraphWidget({ title: 'Failed and timed-out executions', left: executions, width: 8 }),
        ],
        [
          new GraphWidget({ title: 'Function errors', left: errors, width: 8 }),
          new GraphWidget({ title: 'Function throttles', left: throttles, width: 8 }),
          new GraphWidget({ title: 'HTTP 5xx (% of requests)', left: [serverErrorRate], width: 8 }),
        ],
        [
          new GraphWidget({ title: 'SES reputation', left: [bounceRate, complaintRate], width: 8 }),
          new GraphWidget({ title: 'SMS spend this month (USD)', left: [smsSpend], width: 8 }),
          new GraphWidget({
            title: 'Disputes filed, offers answered',
            left: [business('DisputesFiled'), business('OffersAnswered')],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: 'Services served and unserved',
            left: [business('ServicesServed'), business('ServicesUnserved')],
            width: 12,
          }),
          new GraphWidget({
            title: 'Time to service (hours, p50 and p90)',
            left: [business('TimeToServiceHours', 'p50'), business('TimeToServiceHours', 'p90')],
            width: 12,
          }),
        ],
      ],
    });
  }
}
