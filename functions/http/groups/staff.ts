import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { inboxRoutes } from '../routes/inbox';
import { serviceCentreRoutes } from '../routes/service-centre';

/** The staff pages group (route-groups.ts): the mediators' inbox and the operators' service centre. */
export function mountStaff(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.route('/inbox', inboxRoutes(deps));
  app.route('/service-centre', serviceCentreRoutes(deps));
}
