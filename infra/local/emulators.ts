import { join } from 'node:path';
import type { SesEvent } from '../../shared/adapters/ses/ses-event';
import type { SmsDeliveryStatus } from '../../shared/adapters/sns/sms-delivery-status';
import { startDynamoDbLocal } from './dynamodb-local';
import { type IdentityProviderEmulator, type RegisteredIdentity, startIdentityProvider } from './identity-provider';
import { s3rverCredentials, startS3Local } from './s3-local';
import { startSesLocal } from './ses-local';
import { startSmsGateway } from './sms-gateway';

/**
 * The embedded runtime's stand-ins for DynamoDB, S3, SES, SNS SMS and the identity provider, started together. Everything
 * that talks to them uses `localRegion` and `localCredentials` through client config, never the
 * environment, so a developer's real AWS profile is never picked up by the local stack.
 */

export const localRegion = 'ap-east-1';
/** s3rver verifies signatures against its own key pair; the other emulators accept any, so all use it. */
export const localCredentials = s3rverCredentials;

export interface EmulatorsOptions {
  /** Root of persisted data (`dynamodb/`, `s3/`, `sms/` below it); undefined = memory and temp dirs. */
  dataDir?: string;
  tableName: string;
  bucketName: string;
  /** Signed chain checkpoints (in AWS a bucket of their own under Object Lock). */
  checkpointBucketName: string;
  onEmailEvent?: (detail: SesEvent) => Promise<void> | void;
  onSmsDeliveryStatus?: (record: SmsDeliveryStatus) => Promise<void> | void;
  /** Test identities the identity provider emulator starts with (carrier three-factor matches). */
  identities?: RegisteredIdentity[];
}

export interface Emulators {
  endpoints: { region: string; dynamodb: string; s3: string; ses: string; sms: string };
  urls: { mailPage: string; smsPage: string };
  /** The carrier three-factor provider's stand-in: its endpoint and key, and its register. */
  identityProvider: IdentityProviderEmulator;
  stop(): Promise<void>;
}

export async function startEmulators(options: EmulatorsOptions): Promise<Emulators> {
  const under = (name: string) => (options.dataDir === undefined ? undefined : join(options.dataDir, name));
  const started = await Promise.allSettled([
    startDynamoDbLocal({ tableName: options.tableName, dataDir: under('dynamodb') }),
    startS3Local({ bucketName: options.bucketName, moreBuckets: [options.checkpointBucketName], dataDir: under('s3') }),
    // Send events too, as the deployed configuration set publishes them: they are the evidence that
    // SES took an email whose send is `unknown`.
    startSesLocal({ onEvent: options.onEmailEvent, sendEvents: true, dataDir: under('ses') }),
    startSmsGateway({ dataDir: under('sms'), onDeliveryStatus: options.onSmsDeliveryStatus }),
    startIdentityProvider({
      identities: options.identities ?? [],
      ...(options.dataDir === undefined ? {} : { registerFile: join(options.dataDir, 'identity', 'register.jsonl') }),
    }),
  ] as const);
  const [dynamodb, s3, ses, sms, identity] = started;
  if (
    dynamodb.status === 'rejected' ||
    s3.status === 'rejected' ||
    ses.status === 'rejected' ||
    sms.status === 'rejected' ||
    identity.status === 'rejected'
  ) {
    // Stop whatever did start, so a failed start leaves no java process or open port behind.
    await Promise.allSettled(
      started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)),
    );
    const failures = started.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    throw new AggregateError(failures, `the local emulators did not start: ${failures.map(String).join('; ')}`);
  }
  return {
    endpoints: {
      region: localRegion,
      dynamodb: dynamodb.value.endpoint,
      s3: s3.value.endpoint,
      ses: ses.value.endpoint,
      sms: sms.value.endpoint,
    },
    urls: { mailPage: ses.value.mailPageUrl, smsPage: sms.value.pageUrl },
    identityProvider: identity.value,
    stop: async () => {
      const stopped = await Promise.allSettled(
        [dynamodb, s3, ses, sms, identity].map((emulator) => emulator.value.stop()),
      );
      const failures = stopped.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      if (failures.length > 0) throw new AggregateError(failures, 'some local emulators did not stop cleanly');
    },
  };
}
