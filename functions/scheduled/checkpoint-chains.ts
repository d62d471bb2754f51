import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { DynamoCheckpointQueue } from '../../shared/adapters/dynamodb/checkpoint-queue';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { loadConfig } from '../../shared/config/config';
import { checkpointChains } from '../../shared/use-cases/proof/checkpoint-chains';
import { awsProofDeps, awsStateStore } from '../aws-adapters';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';

/** Read once at cold start: a bad setting fails the init, not a run. */
const config = loadConfig(process.env);
const telemetry = createTelemetry('checkpoint-chains', config.LOG_LEVEL);
const deps = {
  ...awsProofDeps(config),
  store: awsStateStore(config),
  queue: new DynamoCheckpointQueue(createDocumentClient({ region: config.AWS_REGION }), config.TABLE_NAME),
  clock: systemClock,
};

/**
 * Every minute (EventBridge schedule): sign the heads of the chains that moved. A chain whose
 * stored events no longer match its earlier checkpoints is refused, logged as an error and counted
 * (`ChainsRefused`), which is what an alarm watches.
 */
export const handler = lambdaHandler(telemetry, async () => {
  const run = await checkpointChains(deps);
  telemetry.metrics.addMetric('ChainsCheckpointed', MetricUnit.Count, run.signed);
  telemetry.metrics.addMetric('ChainsRefused', MetricUnit.Count, run.refused.length);
  for (const refused of run.refused) {
    telemetry.logger.error('chain refused a checkpoint: its events were rewritten', refused);
  }
  return { signed: run.signed, covered: run.covered, refused: run.refused.length };
});
