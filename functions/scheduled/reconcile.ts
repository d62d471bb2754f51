import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';
import { loadConfig, requireSetting } from '../../shared/config/config';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { offerSettingsFrom } from '../../shared/use-cases/offers/deps';
import { defaultReconcileSettings, reconcile } from '../../shared/use-cases/operations/reconcile';
import { deliverOutboxItem } from '../../shared/use-cases/outbox/deliver-outbox-item';
import { serviceSettings } from '../../shared/use-cases/service/deps';
import { awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { outboxHandlers } from '../events/outbox-handlers';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';

/** Read once at cold start: a bad setting fails the init, not a run. */
const config = loadConfig(process.env);
const publicBaseUrl = requireSetting(config, 'PUBLIC_BASE_URL');
const region = { region: config.AWS_REGION };
const telemetry = createTelemetry('reconciler', config.LOG_LEVEL);
const store = awsStateStore(config);
const engine = awsWorkflowEngine(config);
const ledger = new DynamoOutboxLedger(createDocumentClient(region), config.TABLE_NAME, systemClock);
// The same handler registry the outbox consumer delivers through: a stale item is delivered again
// exactly as its consumer would have delivered it.
const handlers = outboxHandlers({
  workflows: engine,
  operations: engine,
  offers: {
    store,
    clock: systemClock,
    ids: randomIds,
    settings: offerSettingsFrom(config, publicBaseUrl),
    requestMessage: messageRequests({ store, clock: systemClock, ids: randomIds }),
  },
  service: serviceSettings({ publicBaseUrl }),
  onMilestoneSkipped: (skipped) => telemetry.logger.warn('milestone not announced to a party', skipped),
  ...(config.DOCUMENTS_BUCKET === undefined
    ? {}
    : { documents: new S3DocumentStore({ clientConfig: region, bucket: config.DOCUMENTS_BUCKET }) }),
});

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
    },
    defaultReconcileSettings,
  );
  const { metrics } = telemetry;
  metrics.addMetric('OutboxItemsRedelivered', MetricUnit.Count, run.redelivered);
  metrics.addMetric('OutboxItemsStillFailing', MetricUnit.Count, run.undelivered);
  metrics.addMetric('FailedExecutionsRecorded', MetricUnit.Count, run.failuresRecorded);
  metrics.addMetric('ExecutionsRedriven', MetricUnit.Count, run.redriven.length);
  if (run.redelivered + run.undelivered + run.failuresRecorded > 0) telemetry.logger.info('reconciler run', { ...run });
  return { ...run, resumed: run.resumed.length, redriven: run.redriven.length };
});
