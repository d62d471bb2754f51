import { type HttpDeps, type HttpPorts, withCapabilities } from '../deps';
import type { RouteGroupName } from '../route-groups';
import { type GroupMount, serveGroupApp } from './group-app';
import { type GroupFunction, groupFunction, groupPorts } from './lambda-kit';

/** How one route group's Lambda function differs from the others. */
export interface GroupLambda extends GroupMount<HttpDeps> {
  /**
   * The ports beyond `groupPorts` its routes use (S3 documents, Cognito credentials), made here in
   * the entry point so that only the groups that need a client carry it in their bundle.
   */
  ports?: (fn: GroupFunction) => Partial<HttpPorts>;
}

/**
 * The handler of a route group's Lambda function (route-groups.ts): its settings read at cold start,
 * its routes only, on the ports they use and the capabilities made from them. The platform group
 * composes its own (it needs neither the table's ports nor the capabilities), and so do the auth and
 * roster groups (the ports without the capabilities: auth-lambda.ts, roster-lambda.ts).
 */
export function groupLambda(group: RouteGroupName, { ports, ...mounting }: GroupLambda) {
  const fn = groupFunction(group);
  return serveGroupApp(fn, withCapabilities({ ...groupPorts(fn), ...ports?.(fn) }), mounting);
}
