import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpPorts } from '../deps';
import { courtWebhookRoutes } from '../routes/court-webhooks';
import { courtRoutes } from '../routes/courts';
import { mediatorRoutes } from '../routes/mediators';
import { organizationRoutes } from '../routes/organizations';

/**
 * The roster API group (route-groups.ts), behind the bearer guard (app-shell.ts). Its routes use the
 * ports alone, none of the capabilities (deps.ts): roster-lambda.ts composes none.
 */
export function mountRoster(app: Hono<AppEnv>, deps: HttpPorts): void {
  app.route('/v1/courts', courtRoutes(deps));
  app.route('/v1/courts', courtWebhookRoutes(deps));
  app.route('/v1/organizations', organizationRoutes(deps));
  app.route('/v1/mediators', mediatorRoutes(deps));
}
