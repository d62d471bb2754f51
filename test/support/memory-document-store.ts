import { createHash } from 'node:crypto';
import type { DocumentStore, StoredDocument } from '../../shared/ports/document-store';

/**
 * The documents bucket in memory: the port's contract and nothing more, for tests and benches that
 * are not about S3. `objects` lets a test look at what was stored.
 */
export class MemoryDocumentStore implements DocumentStore {
  readonly objects = new Map<string, { content: Uint8Array; mediaType: string }>();

  async put(key: string, content: Uint8Array, mediaType: string): Promise<StoredDocument> {
    this.objects.set(key, { content: new Uint8Array(content), mediaType });
    return { key, sha256: createHash('sha256').update(content).digest('hex'), size: content.byteLength, mediaType };
  }

  async get(key: string) {
    return this.objects.get(key);
  }
}
