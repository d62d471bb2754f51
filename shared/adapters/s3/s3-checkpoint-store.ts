import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AlreadyExists } from '../../domain/errors';
import type { SignedCheckpoint } from '../../domain/proof/checkpoint';
import type { CheckpointStore } from '../../ports/checkpoint-store';
import * as z from '../../validation/zod-mini';

export interface S3CheckpointStoreOptions {
  clientConfig: S3ClientConfig;
  /** The checkpoint bucket (not the documents bucket): versioned, created with Object Lock. */
  bucket: string;
  /** How long S3 must refuse to delete or overwrite a checkpoint (compliance mode). */
  retentionDays: number;
  /** Path-style URLs, which s3rver needs. */
  pathStyle?: boolean;
}

/** The S3 client a store talks through (built from its options; tests add a middleware to it). */
export function checkpointClient(options: S3CheckpointStoreOptions): S3Client {
  return new S3Client({
    ...options.clientConfig,
    forcePathStyle: options.pathStyle ?? options.clientConfig.forcePathStyle,
  });
}

const checkpointSchema = z.object({
  statement: z.object({
    kind: z.literal('chain-checkpoint'),
    version: z.literal(1),
    chainId: z.string(),
    seq: z.number().check(z.int(), z.positive()),
    hash: z.string(),
    at: z.string(),
    keyId: z.string(),
  }),
  signature: z.string(),
});

/** `checkpoints/<chain id, URI-encoded>/<sequence, ten digits>.json`: a chain's checkpoints list in order. */
export function checkpointObjectKey(chainId: string, seq: number): string {
  return `${chainPrefix(chainId)}${String(seq).padStart(10, '0')}.json`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const chainPrefix = (chainId: string) => `checkpoints/${encodeURIComponent(chainId)}/`;

/**
 * Checkpoints in S3. Each PUT is conditional on the key being new (`If-None-Match: *`) and carries
 * its own compliance-mode retention, so a checkpoint is immutable whatever the bucket's default
 * says. s3rver implements neither conditions nor Object Lock, so the adapter also looks before it
 * writes: locally, too, a checkpoint is written once per key.
 */
export class S3CheckpointStore implements CheckpointStore {
  constructor(
    private readonly options: S3CheckpointStoreOptions,
    private readonly client: S3Client = checkpointClient(options),
  ) {}

  async put(checkpoint: SignedCheckpoint): Promise<void> {
    const key = checkpointObjectKey(checkpoint.statement.chainId, checkpoint.statement.seq);
    if (await this.exists(key)) throw new AlreadyExists(`checkpoint ${key} is already stored`);
    const body = Buffer.from(JSON.stringify(checkpoint), 'utf8');
    const retainUntil = new Date(Date.parse(checkpoint.statement.at) + this.options.retentionDays * 86_400_000);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
          IfNoneMatch: '*',
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: retainUntil,
        }),
      );
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) {
        throw new AlreadyExists(`checkpoint ${key} is already stored`, { cause: error });
      }
      throw error;
    }
  }

  async list(chainId: string): Promise<SignedCheckpoint[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: chainPrefix(chainId),
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    keys.sort();
    return Promise.all(keys.map((key) => this.read(key)));
  }

  /** An object that is not a checkpoint at all is kept as one with no valid signature: it is reported, not skipped. */
  private async read(key: string): Promise<SignedCheckpoint> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
    const text = (await object.Body?.transformToString('utf8')) ?? '';
    const parsed = checkpointSchema.safeParse(safeJson(text));
    if (parsed.success) return parsed.data;
    const [, chain = '', seq = '0'] = /^checkpoints\/([^/]*)\/(\d+)\.json$/.exec(key) ?? [];
    const statement = { chainId: decodeURIComponent(chain), seq: Number(seq), hash: '', at: '', keyId: '' };
    return { statement: { kind: 'chain-checkpoint', version: 1, ...statement }, signature: '' };
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (error) {
      if (
        error instanceof NotFound ||
        (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
      ) {
        return false;
      }
      throw error;
    }
  }
}
