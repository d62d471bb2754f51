import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Local, startS3Local } from '../../infra/local/s3-local';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';

describe('S3DocumentStore', () => {
  let s3: S3Local;
  let store: S3DocumentStore;

  beforeAll(async () => {
    s3 = await startS3Local({ bucketName: 'documents-test' });
    store = new S3DocumentStore({
      clientConfig: {
        endpoint: s3.endpoint,
        region: 'ap-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      },
      bucket: 'documents-test',
      pathStyle: true,
    });
  });
  afterAll(() => s3.stop());

  it('stores a document with its SHA-256 and returns the same bytes', async () => {
    const content = new TextEncoder().encode('调解协议 settlement agreement');
    const expectedSha256 = createHash('sha256').update(content).digest('hex');

    const stored = await store.put('settlements/s-1/agreement.txt', content, 'text/plain; charset=utf-8');
    const read = await store.get('settlements/s-1/agreement.txt');

    expect(stored).toEqual({
      key: 'settlements/s-1/agreement.txt',
      sha256: expectedSha256,
      size: content.byteLength,
      mediaType: 'text/plain; charset=utf-8',
    });
    expect(read?.mediaType).toBe('text/plain; charset=utf-8');
    expect(Buffer.from(read?.content ?? []).equals(Buffer.from(content))).toBe(true);
  });

  it('keeps binary content intact', async () => {
    const content = Uint8Array.from({ length: 70_000 }, (_, index) => (index * 31) % 256);

    const stored = await store.put('rulings/r-1.pdf', content, 'application/pdf');
    const read = await store.get('rulings/r-1.pdf');

    expect(
      createHash('sha256')
        .update(read?.content ?? new Uint8Array())
        .digest('hex'),
    ).toBe(stored.sha256);
  });

  it('answers undefined for a key that does not exist', async () => {
    expect(await store.get('no/such/key')).toBeUndefined();
  });
});
