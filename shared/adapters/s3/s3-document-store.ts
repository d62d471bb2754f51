import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentStore, StoredDocument } from '../../ports/document-store';
import type { DocumentUploads, PresignedUpload, UploadedObject } from '../../ports/document-uploads';

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
export class S3DocumentStore implements DocumentStore, DocumentUploads {
  private readonly client: S3Client;
  /**
   * Presigns only. By default the SDK adds a CRC32 of the (empty) request body to a presigned
   * PutObject, which S3 then holds the uploader's bytes to; checksums only when an operation
   * requires one keep the URL usable for any bytes (the platform hashes what arrived itself).
   */
  private readonly presigner: S3Client;

  constructor(private readonly options: S3DocumentStoreOptions) {
    const config = {
      ...options.clientConfig,
      forcePathStyle: options.pathStyle ?? options.clientConfig.forcePathStyle,
    };
    this.client = new S3Client(config);
    this.presigner = new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED' });
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

  async presignPut(key: string, options: { mediaType: string; expiresInSeconds: number }): Promise<PresignedUpload> {
    const command = new PutObjectCommand({ Bucket: this.options.bucket, Key: key, ContentType: options.mediaType });
    const url = await getSignedUrl(this.presigner, command, {
      expiresIn: options.expiresInSeconds,
      // The media type is signed: the object is stored as the type the upload was offered for.
      signableHeaders: new Set(['content-type']),
    });
    return { url, headers: { 'content-type': options.mediaType } };
  }

  /**
   * The size is asked first, so an oversized upload is never read into memory; the bytes read are
   * measured again, since the object may have been replaced between the two requests.
   */
  async read(key: string, maxBytes: number): Promise<UploadedObject | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      const declared = head.ContentLength ?? 0;
      if (declared > maxBytes) return { status: 'too_large', size: declared };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
      throw error;
    }
    const stored = await this.get(key);
    if (!stored) return undefined;
    if (stored.content.byteLength > maxBytes) return { status: 'too_large', size: stored.content.byteLength };
    return { status: 'stored', content: stored.content, mediaType: stored.mediaType };
  }
}
