import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { confirmationRequestRoutes, settlementConfirmationRoutes } from '../routes/confirmations';

/** The judicial confirmation API group (route-groups.ts), behind the bearer guard (app-shell.ts). */
export function mountConfirmation(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.route('/v1/settlements', settlementConfirmationRoutes(deps));
  app.route('/v1/confirmation-requests', confirmationRequestRoutes(deps));
}
