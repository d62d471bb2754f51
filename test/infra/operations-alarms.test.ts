import { beforeAll, describe, expect, it } from 'vitest';
import { sesLimits } from '../../infra/constructs/operations-alarms';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

type AlarmProperties = {
  MetricName?: string;
  Namespace?: string;
  Threshold: number;
  Dimensions?: Array<{ Name: string; Value: unknown }>;
  Metrics?: Array<{ Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string } } }>;
  AlarmActions: unknown[];
};

describe('alarms, the dashboard and the budget (DESIGN.md, Operations)', () => {
  let synthesized: SynthesizedPlatform;
  let alarms: AlarmProperties[];
  const alarmsOn = (namespace: string, metricName: string) =>
    alarms.filter((alarm) => alarm.Namespace === namespace && alarm.MetricName === metricName);

  beforeAll(() => {
    synthesized = synthPlatform({
      smsMonthlySpendLimit: 200,
      monthlyBudgetUsd: 500,
      alarmEmail: 'ops@platform.example',
    });
    alarms = Object.values(resourcesOfType(synthesized.templates.monitoring, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as unknown as AlarmProperties,
    );
  });

  it('sends every alarm to one KMS-encrypted topic, which the alarm address is subscribed to', () => {
    const { monitoring } = synthesized.templates;
    const topics = Object.entries(resourcesOfType(monitoring, 'AWS::SNS::Topic'));

    expect(topics).toHaveLength(1);
    const [topicId, topic] = topics[0] ?? [];
    expect(topic?.Properties.KmsMasterKeyId).toBeDefined();
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    monitoring.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@platform.example' });
  });

  it('alarms on the first message in each dead-letter queue, and on outbox items set aside', () => {
    const depth = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    const setAside = alarmsOn('DisputeResolution', 'OutboxItemsSetAside');

    expect(depth).toHaveLength(3);
    for (const alarm of [...depth, ...setAside]) expect(alarm.Threshold).toBe(1);
    expect(setAside).toHaveLength(1);
  });

  it('alarms when the outbox stream consumer is ten minutes behind', () => {
    const [iteratorAge, ...others] = alarmsOn('AWS/Lambda', 'IteratorAge');

    expect(others).toEqual([]);
    expect(iteratorAge?.Threshold).toBe(600_000);
  });

  it('alarms on failed and on timed-out executions of each state machine', () => {
    const machines = Object.keys(resourcesOfType(synthesized.templates.workflows, 'AWS::StepFunctions::StateMachine'));
    const failed = alarmsOn('AWS/States', 'ExecutionsFailed');
    const timedOut = alarmsOn('AWS/States', 'ExecutionsTimedOut');

    expect(machines).toHaveLength(4);
    expect(failed).toHaveLength(4);
    expect(timedOut).toHaveLength(4);
  });

  it('alarms on errors and throttles of every platform function', () => {
    const functions = (['api', 'workflows', 'events', 'data', 'messaging'] as const).flatMap((stack) =>
      Object.values(resourcesOfType(synthesized.templates[stack], 'AWS::Lambda::Function')).filter(
        (fn) =>
          (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
            ?.PLATFORM_STAGE === 'aws',
      ),
    );

    expect(functions.length).toBeGreaterThanOrEqual(10);
    expect(alarmsOn('AWS/Lambda', 'Errors')).toHaveLength(functions.length);
    expect(alarmsOn('AWS/Lambda', 'Throttles')).toHaveLength(functions.length);
  });

  it("alarms on SES bounce and complaint rates below SES's own review levels", () => {
    const [bounce] = alarmsOn('AWS/SES', 'Reputation.BounceRate');
    const [complaint] = alarmsOn('AWS/SES', 'Reputation.ComplaintRate');

    expect(bounce?.Threshold).toBeCloseTo(0.04);
    expect(complaint?.Threshold).toBeCloseTo(0.0008);
    expect(bounce?.Threshold).toBeLessThan(sesLimits.bounceRateReview);
    expect(complaint?.Threshold).toBeLessThan(sesLimits.complaintRateReview);
  });

  it('alarms at 80% of the monthly SMS spend limit', () => {
    const [spend] = alarmsOn('AWS/SNS', 'SMSMonthToDateSpentUSD');

    expect(spend?.Threshold).toBe(160);
  });

  it('alarms on the HTTP API 5xx rate, as a share of its requests', () => {
    const rate = alarms.find((alarm) => alarm.Metrics?.some((metric) => metric.Expression?.includes('errors')));
    const used = rate?.Metrics?.flatMap((metric) => (metric.MetricStat ? [metric.MetricStat.Metric.MetricName] : []));

    expect(rate?.Threshold).toBe(1);
    expect(used?.sort()).toEqual(['5xx', 'Count']);
  });

  it('draws one dashboard with every alarmed figure and the business figures', () => {
    const dashboards = Object.values(resourcesOfType(synthesized.templates.monitoring, 'AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);

    expect(dashboards).toHaveLength(1);
    for (const figure of [
      'ApproximateNumberOfMessagesVisible',
      'IteratorAge',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'Throttles',
      'Reputation.BounceRate',
      'SMSMonthToDateSpentUSD',
      '5xx',
      'DisputesFiled',
      'OffersAnswered',
      'ServicesServed',
      'ServicesUnserved',
      'TimeToServiceHours',
    ]) {
      expect(body, figure).toContain(figure);
    }
  });

  it('sets a monthly cost budget that notifies the alarm topic at 80% actual and 100% forecast', () => {
    const budgets = Object.values(resourcesOfType(synthesized.templates.monitoring, 'AWS::Budgets::Budget'));

    expect(budgets).toHaveLength(1);
    expect(budgets[0]?.Properties).toMatchObject({
      Budget: { BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 500, Unit: 'USD' } },
      NotificationsWithSubscribers: [
        { Notification: { NotificationType: 'ACTUAL', Threshold: 80 } },
        { Notification: { NotificationType: 'FORECASTED', Threshold: 100 } },
      ],
    });
  });
});
