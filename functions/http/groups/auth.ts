import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { authRoutes } from '../routes/auth';

/** The sign-in group (route-groups.ts): people's managed login and a party's first link. */
export function mountAuth(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.route('/auth', authRoutes(deps));
}
