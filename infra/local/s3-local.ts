import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Amazon S3 on loopback: `s3rver` keeps objects as files in a directory, so documents survive a
 * restart of the embedded runtime. Clients must use path-style addressing against it.
 */

/**
 * The only key pair s3rver accepts. It checks the access key id, not SigV4 signatures (3.7.1 leaves
 * their calculation unimplemented): a presigned URL's signed headers are enforced by S3 only.
 */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3LocalOptions {
  bucketName: string;
  /** Further buckets (the checkpoint bucket beside the documents bucket). */
  moreBuckets?: string[];
  port?: number;
  /** Where objects are kept; undefined uses a temporary directory that `stop()` deletes. */
  dataDir?: string;
}

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

/** The part of s3rver 3.7.1's API used here (the package ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

export async function startS3Local(options: S3LocalOptions): Promise<S3Local> {
  const temporary = options.dataDir === undefined;
  const directory = options.dataDir ?? (await mkdtemp(join(tmpdir(), 's3-local-')));
  await mkdir(directory, { recursive: true });
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory,
    silent: true,
    configureBuckets: [options.bucketName, ...(options.moreBuckets ?? [])].map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      if (temporary) await rm(directory, { recursive: true, force: true });
    },
  };
}
