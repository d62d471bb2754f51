import { InvalidInput } from '../../domain/errors';

/** Pagination cursors are DynamoDB's LastEvaluatedKey, opaque to clients (base64url JSON). */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the rule below
  }
  throw new InvalidInput('the cursor is not one this API issued');
}
