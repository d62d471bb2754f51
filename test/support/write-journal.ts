import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentStore } from '../../shared/ports/document-store';

/** One write that took effect: a table item (its pk and sk) or a stored document. */
export interface JournalEntry {
  target: 'table' | 'documents';
  command: string;
  key: string;
}

const writeCommand = /^(Put|Update|Delete|TransactWrite|BatchWrite)(Item|Items)?Command$/;

function keyText(key: unknown): string {
  const record = (key ?? {}) as Record<string, unknown>;
  const plain = (value: unknown) =>
    value && typeof value === 'object' && 'S' in value ? (value as { S: string }).S : value;
  return `${String(plain(record.pk))} | ${String(plain(record.sk))}`;
}

/** The item keys a write command touches, from its input (document or low-level form). */
function keysOf(input: Record<string, unknown>): string[] {
  if (input.Item) return [keyText(input.Item)];
  if (input.Key) return [keyText(input.Key)];
  if (Array.isArray(input.TransactItems)) {
    return (input.TransactItems as Array<Record<string, { Item?: unknown; Key?: unknown }>>).flatMap((item) => {
      if (item.Put) return [keyText(item.Put.Item)];
      if (item.Update) return [keyText(item.Update.Key)];
      if (item.Delete) return [keyText(item.Delete.Key)];
      return []; // ConditionCheck writes nothing
    });
  }
  if (input.RequestItems && typeof input.RequestItems === 'object') {
    return Object.values(input.RequestItems as Record<string, unknown[]>).flatMap((requests) =>
      (requests as Array<{ PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }>).map((request) =>
        keyText(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
      ),
    );
  }
  return ['(unknown key)'];
}

/**
 * Records every write that succeeds through the app's DynamoDB client (a middleware on the client
 * every adapter of the harness shares) and every document stored: what one request wrote is read
 * by `take()` after it. A write that DynamoDB refused (a failed condition, a cancelled
 * transaction) threw and changed nothing, so it is not recorded.
 */
export class WriteJournal {
  private entries: JournalEntry[] = [];

  /** Starts recording the writes through `client`. */
  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const command = context.commandName ?? '';
        if (writeCommand.test(command)) {
          for (const key of keysOf(args.input as Record<string, unknown>)) {
            this.entries.push({ target: 'table', command, key });
          }
        }
        return result;
      },
      { step: 'initialize', name: 'fuzzWriteJournal', override: true },
    );
  }

  /** The document store, with each stored document recorded. */
  documents(store: DocumentStore): DocumentStore {
    return {
      put: async (key, content, mediaType) => {
        const stored = await store.put(key, content, mediaType);
        this.entries.push({ target: 'documents', command: 'put', key });
        return stored;
      },
      get: (key) => store.get(key),
    };
  }

  /** The writes since the last call. */
  take(): JournalEntry[] {
    const taken = this.entries;
    this.entries = [];
    return taken;
  }
}

/**
 * A checksum of every item in the table but the idempotency records: a full consistent scan, items
 * in key order, each in canonical JSON (keys sorted). Two equal checksums mean the same items with
 * the same attributes.
 */
export async function tableChecksum(
  client: DynamoDBDocumentClient,
  tableName: string,
  ignore: (item: Record<string, unknown>) => boolean,
): Promise<{ checksum: string; items: number }> {
  const lines: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) if (!ignore(item)) lines.push(canonical(item));
    start = page.LastEvaluatedKey;
  } while (start);
  lines.sort();
  return { checksum: createHash('sha256').update(lines.join('\n')).digest('hex'), items: lines.length };
}

function canonical(value: unknown): string {
  if (value instanceof Set) return `set(${[...value].map(canonical).sort().join(',')})`;
  if (value instanceof Uint8Array) return `bytes(${Buffer.from(value).toString('base64')})`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
