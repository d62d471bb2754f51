import { NotFound } from '../../domain/errors';
import type { ItemKey, TableReads, Versioned } from '../../ports/table';
import * as z from '../../validation/zod-mini';

/** The value without its undefined members: DynamoDB stores no `undefined`. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** An entity's attributes as the store takes them: its members, without the undefined ones. */
export function attributesOf(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined));
}

/** The item at `key`, parsed: the table is shared, the shape is ours. */
export async function readParsed<T>(
  table: TableReads,
  key: ItemKey,
  schema: z.ZodMiniType<T>,
): Promise<Versioned<T> | undefined> {
  const stored = await table.get(key);
  return stored ? { value: z.parseOrThrow(schema, stored.attributes), version: stored.version } : undefined;
}

/** The item at `key`, parsed, or NotFound saying `what` is missing. */
export async function readParsedOrNotFound<T>(
  table: TableReads,
  key: ItemKey,
  schema: z.ZodMiniType<T>,
  what: string,
): Promise<Versioned<T>> {
  const loaded = await readParsed(table, key, schema);
  if (!loaded) throw new NotFound(`no ${what}`);
  return loaded;
}
