import { systemClock } from '../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client';
import { DynamoEmailAcceptances } from '../shared/adapters/dynamodb/email-acceptances';
import { FixedWindowRateLimiter } from '../shared/adapters/dynamodb/fixed-window-rate-limiter';
import { DynamoSmsDeliveryLogs } from '../shared/adapters/dynamodb/sms-delivery-logs';
import { DynamoStateStore } from '../shared/adapters/dynamodb/state-store';
import { randomIds } from '../shared/adapters/ids/random-ids';
import { KmsProofSigner } from '../shared/adapters/kms/kms-proof-signer';
import { S3CheckpointStore } from '../shared/adapters/s3/s3-checkpoint-store';
import { SfnWorkflowEngine } from '../shared/adapters/step-functions/sfn-workflow-engine';
import { type Config, requireSetting } from '../shared/config/config';
import type { ProofDeps } from '../shared/use-cases/proof/deps';

/**
 * The AWS adapters that several Lambda entry points compose the same way. Each entry point calls
 * only the factories it needs, so its bundle carries only those SDK clients.
 */

/** One DynamoDB document client per function, whichever factories it calls: one connection pool, one init. */
let documentClient: ReturnType<typeof createDocumentClient> | undefined;
function tableClient(config: Config): ReturnType<typeof createDocumentClient> {
  documentClient ??= createDocumentClient({ region: config.AWS_REGION });
  return documentClient;
}

export function awsStateStore(config: Config): DynamoStateStore {
  return new DynamoStateStore({
    client: tableClient(config),
    tableName: config.TABLE_NAME,
    clock: systemClock,
    ids: randomIds,
  });
}

export function awsWorkflowEngine(config: Config): SfnWorkflowEngine {
  return new SfnWorkflowEngine({
    clientConfig: { region: config.AWS_REGION },
    stateMachineArns: config.STATE_MACHINE_ARNS,
  });
}

export function awsSendRateLimiter(config: Config): FixedWindowRateLimiter {
  return new FixedWindowRateLimiter(tableClient(config), config.TABLE_NAME, systemClock, {
    sms: config.SMS_SENDS_PER_SECOND,
    email: config.EMAIL_SENDS_PER_SECOND,
  });
}

/** The proof key (KMS) and the checkpoint bucket: required where proofs are signed or read. */
export function awsProofDeps(config: Config): ProofDeps {
  return {
    signer: KmsProofSigner.inRegion(config.AWS_REGION, requireSetting(config, 'PROOF_KEY_ID')),
    checkpoints: new S3CheckpointStore({
      clientConfig: { region: config.AWS_REGION },
      bucket: requireSetting(config, 'CHECKPOINT_BUCKET'),
      retentionDays: config.CHECKPOINT_RETENTION_DAYS,
    }),
  };
}

/** SES `Send` events by the platform's message id, in the platform table. */
export function awsEmailAcceptances(config: Config): DynamoEmailAcceptances {
  return new DynamoEmailAcceptances(tableClient(config), config.TABLE_NAME);
}

/** SMS delivery-status records by destination, in the platform table. */
export function awsSmsDeliveryLogs(config: Config): DynamoSmsDeliveryLogs {
  return new DynamoSmsDeliveryLogs(tableClient(config), config.TABLE_NAME);
}
