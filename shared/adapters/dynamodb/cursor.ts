import * as z from 'zod';
import { InvalidInput } from '../../domain/errors';

/**
 * Pagination cursors are the gsi1 query's LastEvaluatedKey, opaque to clients (base64url JSON).
 * A cursor is read back only if it has exactly that key's shape and belongs to the list asked for,
 * so a forged one is a 400, never a query DynamoDB refuses (a 500) nor a page of another list.
 */
const indexCursorSchema = z.strictObject({
  pk: z.string().min(1).max(1024),
  sk: z.string().min(1).max(1024),
  gsi1pk: z.string().min(1).max(1024),
  gsi1sk: z.string().min(1).max(1024),
});

export function encodeCursor(lastEvaluatedKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
}

/** The start key a cursor of the `gsi1pk` list stands for, or InvalidInput. */
export function decodeIndexCursor(cursor: string, gsi1pk: string): Record<string, string> {
  const key = indexCursorSchema.safeParse(parse(cursor));
  if (!key.success || key.data.gsi1pk !== gsi1pk) throw new InvalidInput('the cursor is not one this API issued');
  return key.data;
}

function parse(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
