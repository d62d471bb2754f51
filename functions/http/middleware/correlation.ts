import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { requestId } from 'hono/request-id';

/**
 * Gives every request a correlation id (Hono's requestId, as `c.get('requestId')`): the caller's
 * `X-Correlation-Id` when it is well-formed, otherwise API Gateway's request id or a new one. It is
 * logged with every line and returned in the response, a 500 included, so a report can be traced
 * without exposing internals.
 */
export const correlation = requestId({
  headerName: 'X-Correlation-Id',
  limitLength: 100,
  generator: (c: Context) =>
    (c.env?.event as { requestContext?: { requestId?: string } } | undefined)?.requestContext?.requestId ??
    randomUUID(),
});
