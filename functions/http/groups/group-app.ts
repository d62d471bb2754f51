import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShell, finishApp, guardApi } from '../app-shell';
import type { HttpPorts } from '../deps';
import { type GroupFunction, serveGroup } from './lambda-kit';

/** How a route group's routes are mounted, on the deps its function composes. */
export interface GroupMount<Deps extends HttpPorts> {
  /** Mounts the group's routes (its `mount…` from the group's file). */
  mount: (app: Hono<AppEnv>, deps: Deps) => void;
  /** An API group: its /v1 routes sit behind the bearer guard, registered before them. */
  api?: boolean;
}

/**
 * A route group's app on the deps given, in the order app-shell.ts sets, served by the Lambda kit.
 * Apart from group-lambda.ts so that a group whose routes use the ports alone (auth-lambda.ts) can
 * be served without importing the capabilities of deps.ts, and so without bundling the use cases
 * they are made from.
 */
export function serveGroupApp<Deps extends HttpPorts>(
  fn: GroupFunction,
  deps: Deps,
  { mount, api = false }: GroupMount<Deps>,
) {
  const app = appShell(new Hono<AppEnv>(), deps);
  if (api) guardApi(app, deps);
  mount(app, deps);
  return serveGroup(fn.telemetry, finishApp(app, deps));
}
