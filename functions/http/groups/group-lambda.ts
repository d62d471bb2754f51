import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShell, finishApp, guardApi } from '../app-shell';
import { type HttpDeps, type HttpPorts, withCapabilities } from '../deps';
import type { RouteGroupName } from '../route-groups';
import { type GroupFunction, groupFunction, groupPorts, serveGroup } from './lambda-kit';

/** How one route group's Lambda function differs from the others. */
export interface GroupLambda {
  /** Mounts the group's routes (its `mount…` from the group's file). */
  mount: (app: Hono<AppEnv>, deps: HttpDeps) => void;
  /** An API group: its /v1 routes sit behind the bearer guard, registered before them. */
  api?: boolean;
  /**
   * The ports beyond `groupPorts` its routes use (S3 documents, Cognito credentials), made here in
   * the entry point so that only the groups that need a client carry it in their bundle.
   */
  ports?: (fn: GroupFunction) => Partial<HttpPorts>;
}

/**
 * The handler of a route group's Lambda function (route-groups.ts): its settings read at cold start,
 * its routes only, on the ports they use, in the order app-shell.ts sets. The platform group
 * composes its own (it needs neither the table's ports nor the capabilities).
 */
export function groupLambda(group: RouteGroupName, { mount, api = false, ports }: GroupLambda) {
  const fn = groupFunction(group);
  const deps = withCapabilities({ ...groupPorts(fn), ...ports?.(fn) });
  const app = appShell(new Hono<AppEnv>(), deps);
  if (api) guardApi(app, deps);
  mount(app, deps);
  return serveGroup(fn.telemetry, finishApp(app, deps));
}
