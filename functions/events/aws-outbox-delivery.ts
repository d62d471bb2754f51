import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';
import { type Config, requireSetting } from '../../shared/config/config';
import { eligibleRankingOf } from '../../shared/use-cases/disputes/rank-eligible';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import type { MilestoneDeps } from '../../shared/use-cases/milestones/announce-milestone';
import { offerSettingsFrom } from '../../shared/use-cases/offers/deps';
import { serviceSettings } from '../../shared/use-cases/service/deps';
import { awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { outboxHandlers } from './outbox-handlers';

/**
 * Outbox delivery as AWS runs it: the store, the workflow engine, the ledger and the handler table.
 * The outbox consumer and the scheduled reconciler both build theirs here, so a stale item the
 * reconciler re-delivers goes exactly the way its consumer would have sent it.
 */
export function awsOutboxDelivery(config: Config, onMilestoneSkipped: MilestoneDeps['onSkipped']) {
  const publicBaseUrl = requireSetting(config, 'PUBLIC_BASE_URL');
  const region = { region: config.AWS_REGION };
  const store = awsStateStore(config);
  const workflows = awsWorkflowEngine(config);
  const ledger = new DynamoOutboxLedger(createDocumentClient(region), config.TABLE_NAME, systemClock);
  const handlers = outboxHandlers({
    workflows,
    // Operators' redrive requests (POST /v1/operations/failed-executions/{id}/redrive).
    operations: workflows,
    offers: {
      store,
      clock: systemClock,
      ids: randomIds,
      settings: offerSettingsFrom(config, publicBaseUrl),
      requestMessage: messageRequests({ store, clock: systemClock, ids: randomIds }),
      rankEligible: eligibleRankingOf(store),
    },
    service: serviceSettings({ publicBaseUrl }),
    onMilestoneSkipped,
    // Rulings are stored (rulings/*) and served from here, after the court's decision.
    ...(config.DOCUMENTS_BUCKET === undefined
      ? {}
      : { documents: new S3DocumentStore({ clientConfig: region, bucket: config.DOCUMENTS_BUCKET }) }),
  });
  return { store, workflows, ledger, handlers };
}
