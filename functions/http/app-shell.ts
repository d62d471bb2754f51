import type { Hono } from 'hono';
import { linkedSubject } from '../../shared/use-cases/people/linked-subject';
import { isCourtClientActive } from '../../shared/use-cases/roster/court-credentials';
import type { AppEnv } from './app-env';
import type { HttpDeps } from './deps';
import { allowDeclaredRoles, authenticate } from './middleware/authentication';
import { bodyLimits } from './middleware/body-limits';
import { clientAddress } from './middleware/client-address';
import { clientQuota } from './middleware/client-quota';
import { correlation } from './middleware/correlation';
import { apiNoStore, apiSecurity, pageSecurity } from './middleware/edge-security';
import { idempotency } from './middleware/idempotency';
import { errorToResponse, problemResponse } from './problem';
import { honoPath, isPageRoute, routeTable } from './route-table';

/**
 * What every HTTP app shares, whichever route groups it serves (functions/http/route-groups.ts):
 * the edge middleware in front, the bearer routes' guard, and the answers to no route and to a
 * failure. The embedded runtime's app (app.ts) and each group's Lambda function build their app
 * from these, in this order: `appShell`, the page groups, `guardApi` (before any /v1 route), the
 * API groups, `finishApp`.
 */
export function appShell<A extends Hono<AppEnv>>(
  app: A,
  deps: Pick<HttpDeps, 'publicBaseUrl' | 'testClientAddressHeader'>,
): A {
  app.use(
    '*',
    correlation,
    bodyLimits,
    clientAddress(deps.testClientAddressHeader ? { testHeader: deps.testClientAddressHeader } : {}),
  );
  // Every page the route table declares, by its exact path, so a new page cannot be left out.
  const page = pageSecurity(deps.publicBaseUrl);
  for (const path of new Set(routeTable.filter(isPageRoute).map((route) => honoPath(route.path)))) {
    app.use(path, ...page);
  }
  // The pages' own files (/assets, the page kit's) are files, not pages: no sniffing, no framing, cacheable.
  for (const path of ['/v1/*', '/health/*', '/proof-key/*', '/openapi.json', '/docs', '/favicon.ico', '/assets/*']) {
    app.use(path, apiSecurity);
  }
  app.use('/v1/*', apiNoStore);
  return app;
}

/** What the bearer routes' guard reads: tokens, the roster's court clients, party links, quotas, retry keys. */
export type GuardDeps = Pick<HttpDeps, 'authenticator' | 'store' | 'clock' | 'requestQuota' | 'idempotency'>;

/**
 * Every /v1 route is a bearer route (route-table.ts): the token (a court's client still active), the
 * retry key, then the declared roles. Registered once, before the first /v1 route.
 */
export function guardApi(app: Hono<AppEnv>, deps: GuardDeps): void {
  app.use(
    '/v1/*',
    authenticate(
      deps.authenticator,
      (clientId) => isCourtClientActive(deps, clientId),
      (sub) => linkedSubject(deps.store, sub),
    ),
    clientQuota(deps.requestQuota, deps.clock),
    idempotency(deps.idempotency),
    allowDeclaredRoles,
  );
}

/** No route: a problem answer naming the request; a failure: its problem answer, an unexpected one logged. */
export function finishApp<A extends Hono<AppEnv>>(app: A, deps: Pick<HttpDeps, 'logger'>): A {
  app.notFound((c) =>
    problemResponse(c, { status: 404, code: 'not_found', detail: `no route ${c.req.method} ${c.req.path}` }),
  );
  app.onError((error, c) =>
    errorToResponse(error, c, (unexpected) =>
      deps.logger.error('unexpected error', { correlationId: c.get('requestId'), error: unexpected as Error }),
    ),
  );
  return app;
}
