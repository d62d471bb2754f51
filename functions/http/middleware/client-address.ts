import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';

/**
 * The address a request came from, as `clientAddress` on the context: wrong code tries are limited
 * per client (shared/use-cases/people/allowances.ts). In Lambda it is API Gateway's
 * `requestContext.http.sourceIp` (set by API Gateway, not by the client); on the local Node server
 * the socket's remote address. Headers such as X-Forwarded-For are never believed.
 *
 * `testHeader` names a header that sets the address instead: only the test harnesses pass it (the
 * Lambda entry point and `npm start` never do), so tests can speak as several clients.
 */
export function clientAddress(options: { testHeader?: string } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const fromTest = options.testHeader ? c.req.header(options.testHeader) : undefined;
    c.set('clientAddress', fromTest || sourceAddress(c.env) || 'unknown');
    await next();
  });
}

function sourceAddress(env: AppEnv['Bindings'] | undefined): string | undefined {
  const sourceIp = (env?.event as { requestContext?: { http?: { sourceIp?: unknown } } } | undefined)?.requestContext
    ?.http?.sourceIp;
  if (typeof sourceIp === 'string' && sourceIp !== '') return sourceIp;
  return env?.incoming?.socket?.remoteAddress;
}
