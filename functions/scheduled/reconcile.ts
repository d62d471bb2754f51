import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { loadConfig } from '../../shared/config/config';
import { expireOverdueDisputes } from '../../shared/use-cases/disputes/expire-mediation';
import { defaultReconcileSettings, reconcile } from '../../shared/use-cases/operations/reconcile';
import { deliverOutboxItem } from '../../shared/use-cases/outbox/deliver-outbox-item';
import { awsOutboxDelivery } from '../events/aws-outbox-delivery';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';

/** Read once at cold start: a bad setting fails the init, not a run. */
const config = loadConfig(process.env);
const telemetry = createTelemetry('reconciler', config.LOG_LEVEL);
// The consumer's own delivery: a stale item is delivered again exactly as its consumer would have.
const {
  store,
  workflows: engine,
  ledger,
  handlers,
} = awsOutboxDelivery(config, (skipped) => telemetry.logger.warn('milestone not announced to a party', skipped));

/**
 * Every five minutes (EventBridge Scheduler): re-deliver stale outbox items, record failed
 * executions for operators and redrive them once (shared/use-cases/operations/reconcile.ts). What
 * it did is counted, so an alarm sees items that keep needing it.
 */
export const handler = lambdaHandler(telemetry, async () => {
  const run = await reconcile(
    {
      store,
      clock: systemClock,
      ledger,
      operations: engine,
      deliver: (item) => deliverOutboxItem({ handlers, ledger, clock: systemClock }, item),
      expireOverdueDisputes: () => expireOverdueDisputes({ store, clock: systemClock }),
    },
    defaultReconcileSettings,
  );
  const { metrics } = telemetry;
  metrics.addMetric('OutboxItemsRedelivered', MetricUnit.Count, run.redelivered);
  metrics.addMetric('OutboxItemsStillFailing', MetricUnit.Count, run.undelivered);
  metrics.addMetric('FailedExecutionsRecorded', MetricUnit.Count, run.failuresRecorded);
  metrics.addMetric('ExecutionsRedriven', MetricUnit.Count, run.redriven.length);
  metrics.addMetric('DisputesExpired', MetricUnit.Count, run.expired.length);
  if (run.redelivered + run.undelivered + run.failuresRecorded + run.expired.length > 0) {
    telemetry.logger.info('reconciler run', { ...run });
  }
  return { ...run, resumed: run.resumed.length, redriven: run.redriven.length, expired: run.expired.length };
});
