import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { ownAddressRoutes, partyAddressRoutes } from '../routes/party-addresses';
import { serviceRoutes } from '../routes/services';

/** The electronic service API group (route-groups.ts), behind the bearer guard (app-shell.ts). */
export function mountService(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.route('/v1/parties', partyAddressRoutes(deps));
  app.route('/v1/me', ownAddressRoutes(deps));
  app.route('/v1/services', serviceRoutes(deps));
}
