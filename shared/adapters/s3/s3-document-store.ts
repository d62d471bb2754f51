import { createHash } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { DocumentStore, StoredDocument } from '../../ports/document-store';

export interface S3DocumentStoreOptions {
  /** Region, credentials and, locally, the s3rver endpoint. */
  clientConfig: S3ClientConfig;
  bucket: string;
  /** Path-style URLs (`endpoint/bucket/key`), which s3rver needs; AWS uses virtual-hosted style. */
  pathStyle?: boolean;
}

/**
 * Documents in S3. Each upload carries its SHA-256, which S3 verifies before storing, so a document
 * stored is byte for byte the one whose hash the platform recorded (and parties signed).
 */
export class S3DocumentStore implements DocumentStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3DocumentStoreOptions) {
    this.client = new S3Client({
      ...options.clientConfig,
      forcePathStyle: options.pathStyle ?? options.clientConfig.forcePathStyle,
    });
  }

  async put(key: string, content: Uint8Array, mediaType: string): Promise<StoredDocument> {
    const digest = createHash('sha256').update(content).digest();
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: content,
        ContentType: mediaType,
        ChecksumSHA256: digest.toString('base64'),
        Metadata: { sha256: digest.toString('hex') },
      }),
    );
    return { key, sha256: digest.toString('hex'), size: content.byteLength, mediaType };
  }

  async get(key: string): Promise<{ content: Uint8Array; mediaType: string } | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      if (object.Body === undefined) return undefined;
      return {
        content: await object.Body.transformToByteArray(),
        mediaType: object.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}
