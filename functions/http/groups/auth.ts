import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HttpPorts } from '../deps';
import { authRoutes } from '../routes/auth';

/**
 * The sign-in group (route-groups.ts): people's managed login and a party's first link. Its routes
 * use the ports alone, none of the capabilities the features lend each other (deps.ts), so its
 * function is composed without them (auth-lambda.ts).
 */
export function mountAuth(app: Hono<AppEnv>, deps: HttpPorts): void {
  app.route('/auth', authRoutes(deps));
}
