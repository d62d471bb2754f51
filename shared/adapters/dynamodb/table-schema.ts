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
  caseItem: (chainId: string) => ({ pk: `CASE#${chainId}`, sk: 'CASE' }),
  chainEvent: (chainId: string, seq: number) => ({ pk: `CASE#${chainId}`, sk: `EVENT#${String(seq).padStart(10, '0')}` }),
  chainEventPrefix: 'EVENT#',
  outbox: (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' }),
  outboxPendingIndex: 'OUTBOX#pending',
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
} as const;
