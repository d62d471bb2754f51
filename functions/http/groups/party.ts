import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { partyFilingRoutes } from '../routes/party-filing';
import { partySpaceRoutes } from '../routes/party-space';

/** The party pages group (route-groups.ts): / (my cases), /cases/{id}, the guided filing at /file, /addresses. */
export function mountParty(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.route('/', partySpaceRoutes(deps));
  app.route('/', partyFilingRoutes(deps));
}
