import type { HttpRequest } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Local, startS3Local } from '../../infra/local/s3-local';
import { LocalProofSigner } from '../../shared/adapters/crypto/local-proof-signer';
import {
  checkpointClient,
  checkpointObjectKey,
  S3CheckpointStore,
  type S3CheckpointStoreOptions,
} from '../../shared/adapters/s3/s3-checkpoint-store';
import { AlreadyExists } from '../../shared/domain/errors';
import { type CheckpointStatement, statementBytes } from '../../shared/domain/proof/checkpoint';

describe('S3CheckpointStore on s3rver', () => {
  let s3: S3Local;
  let store: S3CheckpointStore;
  const requests: HttpRequest[] = [];
  const signer = new LocalProofSigner(LocalProofSigner.generatePrivateKeyPem());

  beforeAll(async () => {
    s3 = await startS3Local({ bucketName: 'checkpoints-test' });
    const options: S3CheckpointStoreOptions = {
      clientConfig: {
        endpoint: s3.endpoint,
        region: 'ap-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      },
      bucket: 'checkpoints-test',
      retentionDays: 3650,
      pathStyle: true,
    };
    // Captures each request as it leaves the SDK, after signing: what S3 in AWS would receive.
    const client = checkpointClient(options);
    client.middlewareStack.add(
      (next) => async (args) => {
        requests.push(structuredClone((args as { request: HttpRequest }).request));
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureRequests', priority: 'low' },
    );
    store = new S3CheckpointStore(options, client);
  });
  afterAll(() => s3.stop());

  async function checkpoint(chainId: string, seq: number, at = '2026-11-30T08:00:00.000Z') {
    const statement: CheckpointStatement = {
      kind: 'chain-checkpoint',
      version: 1,
      chainId,
      seq,
      hash: 'a'.repeat(64),
      at,
      keyId: signer.keyId,
    };
    return { statement, signature: await signer.sign(statementBytes(statement)) };
  }

  it('puts each checkpoint once, with compliance-mode Object Lock, its retention and If-None-Match', async () => {
    const signed = await checkpoint('SERVICE#svc_1#RECIPIENT#rcp_1', 7);
    requests.length = 0;
    await store.put(signed);

    const put = requests.find((request) => request.method === 'PUT');
    expect(put?.path).toContain(checkpointObjectKey('SERVICE#svc_1#RECIPIENT#rcp_1', 7).replaceAll('%', '%25'));
    expect(put?.headers).toMatchObject({
      'x-amz-object-lock-mode': 'COMPLIANCE',
      'x-amz-object-lock-retain-until-date': '2036-11-27T08:00:00Z',
      'if-none-match': '*',
      'content-type': 'application/json',
    });
    expect(put?.headers['x-amz-checksum-sha256']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('refuses a second checkpoint under the same chain and sequence, and keeps the first', async () => {
    const first = await checkpoint('CASE#dsp_1', 3);
    await store.put(first);
    await expect(store.put(await checkpoint('CASE#dsp_1', 3, '2026-12-01T00:00:00.000Z'))).rejects.toThrow(
      AlreadyExists,
    );
    expect(await store.list('CASE#dsp_1')).toEqual([first]);
  });

  it("lists a chain's checkpoints in sequence order, and none of another chain's", async () => {
    for (const seq of [12, 2, 101]) await store.put(await checkpoint('CASE#dsp_2', seq));
    await store.put(await checkpoint('CASE#dsp_2#OTHER', 1));
    const listed = await store.list('CASE#dsp_2');
    expect(listed.map((entry) => entry.statement.seq)).toEqual([2, 12, 101]);
  });
});
