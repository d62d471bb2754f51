import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { assignmentRoutes, disputeAssignmentRoutes } from '../routes/assignments';
import { disputeRoutes } from '../routes/disputes';
import { identityCheckRoutes } from '../routes/identity-checks';
import { offerRoutes } from '../routes/offers';
import { operationsRoutes } from '../routes/operations';
import { disputeSettlementRoutes, settlementRoutes } from '../routes/settlements';

/** The mediation API group (route-groups.ts), behind the bearer guard (app-shell.ts). */
export function mountMediation(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.route('/v1/disputes', disputeRoutes(deps));
  app.route('/v1/offers', offerRoutes(deps));
  app.route('/v1/assignments', assignmentRoutes(deps));
  app.route('/v1/disputes', disputeAssignmentRoutes(deps));
  app.route('/v1/disputes', identityCheckRoutes(deps));
  app.route('/v1/disputes', disputeSettlementRoutes(deps));
  app.route('/v1/settlements', settlementRoutes(deps));
  app.route('/v1/operations', operationsRoutes(deps));
}
