import { createHash } from 'node:crypto';

/**
 * The platform table's keys and indexes: the one definition that both the CDK data stack and the
 * embedded runtime's DynamoDB Local build the table from.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** General-purpose secondary index: lists (a roster by kind, pending outbox items, ...). */
  indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  /** Items with this attribute (epoch seconds) are deleted by DynamoDB's TTL. */
  timeToLiveAttribute: 'expiresAt',
  /** Outbox items reach their consumers through the table's stream. */
  streamView: 'NEW_IMAGE',
} as const;

/** Key shapes of the single-table layout, in one place so no adapter spells them twice. */
export const keys = {
  /**
   * An aggregate (a case, a court, ...) lives in its own partition: `chainId` is that partition key
   * (`CASE#dsp_…`, `COURT#crt_…`). Its root item carries the chain head; its events sit beside it.
   */
  caseItem: (chainId: string) => ({ pk: chainId, sk: 'ROOT' }),
  chainEvent: (chainId: string, seq: number) => ({ pk: chainId, sk: `EVENT#${String(seq).padStart(10, '0')}` }),
  chainEventPrefix: 'EVENT#',
  outbox: (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' }),
  /**
   * Pending outbox items, spread over a few index partitions by the item id's hash, so that no one
   * partition takes every commit's outbox write (DynamoDB throttles a partition near 1,000 writes a
   * second). `OUTBOX#pending` alone held them before; it is still read, for items written then.
   */
  outboxPendingIndex: (shard: number) => `OUTBOX#pending#${shard}`,
  outboxPendingShards: 8,
  outboxPendingLegacyIndex: 'OUTBOX#pending',
  /** Outbox items set aside after failing too often (dead-letter records), for an operator to requeue. */
  outboxDeadLetterIndex: 'OUTBOX#dead-letter',
  /**
   * A chain whose head moved since its last checkpoint (one item per chain, rewritten by every
   * commit of it), spread over a few partitions so no one partition takes every commit's write.
   */
  checkpointDue: (shard: number, chainId: string) => ({ pk: `CHECKPOINT_DUE#${shard}`, sk: chainId }),
  checkpointDueShards: 8,
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
  allowance: (policy: string, subject: string) => ({ pk: `ALLOWANCE#${policy}#${subject}`, sk: 'ALLOWANCE' }),
} as const;

/** The pending index partition of an outbox item (stable: its id's hash). */
export function outboxPendingIndexOf(id: string): string {
  return keys.outboxPendingIndex(shardOf(id, keys.outboxPendingShards));
}

/** Every partition pending outbox items may sit on: each shard, and the one they shared before. */
export function outboxPendingIndexes(): string[] {
  const shards = Array.from({ length: keys.outboxPendingShards }, (_, shard) => keys.outboxPendingIndex(shard));
  return [...shards, keys.outboxPendingLegacyIndex];
}

/** A stable shard of `value` among `shards`, from its SHA-256. */
export function shardOf(value: string, shards: number): number {
  return createHash('sha256').update(value).digest().readUInt32BE(0) % shards;
}
