import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { loadConfig } from '../../shared/config/config';
import type { OutboxItem } from '../../shared/ports/outbox';
import { businessFiguresOf } from '../../shared/use-cases/operations/business-figures';
import { deliverOutboxItem } from '../../shared/use-cases/outbox/deliver-outbox-item';
import { createTelemetry } from '../middleware/lambda-handler';
import { awsOutboxDelivery } from './aws-outbox-delivery';
import { outboxConsumerHandler } from './outbox-consumer-handler';

/** Read once at cold start: a bad setting fails the init, not a batch. */
const config = loadConfig(process.env);
const telemetry = createTelemetry('outbox-consumer', config.LOG_LEVEL);
const { store, ledger, handlers } = awsOutboxDelivery(config, (skipped) =>
  telemetry.logger.warn('milestone not announced to a party', skipped),
);

/** An item set aside (failed too often) is not a batch failure: it must not hold up the shard. */
export const handler = outboxConsumerHandler(telemetry, async (item) => {
  const outcome = await deliverOutboxItem({ handlers, ledger, clock: systemClock }, item);
  if (outcome === 'set_aside') {
    telemetry.logger.error('outbox item set aside after failing too often', { outboxId: item.id, type: item.type });
    telemetry.metrics.addMetric('OutboxItemsSetAside', MetricUnit.Count, 1);
    return;
  }
  await countBusinessFigures(item);
});

/** The dashboard's business figures (EMF, flushed by the handler kit); a figure never fails a delivery. */
async function countBusinessFigures(item: OutboxItem): Promise<void> {
  try {
    for (const figure of await businessFiguresOf({ store }, item)) {
      telemetry.metrics.addMetric(
        figure.name,
        figure.unit === 'Count' ? MetricUnit.Count : MetricUnit.NoUnit,
        figure.value,
      );
    }
  } catch (error) {
    telemetry.logger.warn('business figures not counted', { outboxId: item.id, error: error as Error });
  }
}
