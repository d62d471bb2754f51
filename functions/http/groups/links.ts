import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { joinRoutes } from '../routes/join';
import { portalRoutes } from '../routes/portal';
import { signingRoutes } from '../routes/signing';
import { verifyRoutes } from '../routes/verify';

/** The links group (route-groups.ts): the pages reached from links in messages. */
export function mountLinks(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.route('/join', joinRoutes(deps));
  // Invitation messages link to /j/{token} (a short link fits the SMS); /join/{token} stays valid.
  app.route('/j', joinRoutes(deps));
  app.route('/r', portalRoutes(deps));
  app.route('/verify', verifyRoutes(deps));
  app.route('/s', signingRoutes(deps));
}
