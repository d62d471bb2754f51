import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';

const acceptable = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * Gives every request a correlation id: the caller's `X-Correlation-Id` when it is well-formed,
 * otherwise API Gateway's request id or a new one. It is logged with every line and returned in
 * the response, including on a 500, so a report can be traced without exposing internals.
 */
export const correlation = createMiddleware<AppEnv>(async (c, next) => {
  const offered = c.req.header('x-correlation-id');
  const requestId = (c.env?.event as { requestContext?: { requestId?: string } } | undefined)?.requestContext
    ?.requestId;
  const correlationId = offered && acceptable.test(offered) ? offered : (requestId ?? randomUUID());
  c.set('correlationId', correlationId);
  await next();
  c.header('x-correlation-id', correlationId);
});
