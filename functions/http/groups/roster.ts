import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { courtWebhookRoutes } from '../routes/court-webhooks';
import { courtRoutes } from '../routes/courts';
import { mediatorRoutes } from '../routes/mediators';
import { organizationRoutes } from '../routes/organizations';

/** The roster API group (route-groups.ts), behind the bearer guard (app-shell.ts). */
export function mountRoster(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.route('/v1/courts', courtRoutes(deps));
  app.route('/v1/courts', courtWebhookRoutes(deps));
  app.route('/v1/organizations', organizationRoutes(deps));
  app.route('/v1/mediators', mediatorRoutes(deps));
}
