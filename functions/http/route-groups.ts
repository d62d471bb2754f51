import type { RouteDeclaration } from './route-table';

/**
 * The HTTP API is served by one Lambda function per route group (DESIGN.md, "Budgets": a function
 * that bundles every route and page, with every AWS client they use, is several times the HTTP
 * budget in size and import time). Each group's function bundles only its routes and the adapters
 * they call; API Gateway sends each declared route to its group's function (infra/stacks/api-stack.ts),
 * and the embedded runtime serves every group from one app (functions/http/app.ts, `createApp`).
 * Plain data, like the route table: the CDK app imports it.
 */
export type RouteGroupName =
  | 'platform'
  | 'links'
  | 'auth'
  | 'party'
  | 'staff'
  | 'roster'
  | 'mediation'
  | 'service'
  | 'confirmation';

export interface RouteGroup {
  name: RouteGroupName;
  /** The Lambda entry point that serves the group, relative to the project root. */
  entry: string;
  /** The function's description (its first words, before the colon, name it in tests). */
  description: string;
  /** Which routes are the group's, by their path as API Gateway writes it. */
  paths: RegExp;
}

/** Every group; a route belongs to the first whose `paths` match (`routeGroupOf`). */
export const routeGroups: readonly RouteGroup[] = [
  {
    name: 'platform',
    entry: 'functions/http/groups/platform-lambda.ts',
    description: 'HTTP platform: health, proof key, the OpenAPI document (built at build time), page assets',
    paths: /^\/(health|proof-key|openapi\.json|docs|favicon\.ico|assets\/|lang\/)/,
  },
  {
    name: 'links',
    entry: 'functions/http/groups/links-lambda.ts',
    description: 'HTTP links: the pages reached from links in messages (join, signing, service portal, verify)',
    paths: /^\/(join|j|s|r|verify)(\/|$)/,
  },
  {
    name: 'auth',
    entry: 'functions/http/groups/auth-lambda.ts',
    description: "HTTP sign-in: people's managed login and a party's first link",
    paths: /^\/auth\//,
  },
  {
    name: 'party',
    entry: 'functions/http/groups/party-lambda.ts',
    description: "HTTP party pages: a signed-in party's cases, filing and addresses",
    paths: /^\/(cases|file|addresses)?(\/|$)/,
  },
  {
    name: 'staff',
    entry: 'functions/http/groups/staff-lambda.ts',
    description: "HTTP staff pages: the mediators' inbox and the operators' service centre",
    paths: /^\/(inbox|service-centre)(\/|$)/,
  },
  {
    name: 'roster',
    entry: 'functions/http/groups/roster-lambda.ts',
    description: 'HTTP roster API: courts (and their credentials and webhooks), organizations, mediators',
    paths: /^\/v1\/(courts|organizations|mediators)(\/|$)/,
  },
  {
    name: 'confirmation',
    entry: 'functions/http/groups/confirmation-lambda.ts',
    description:
      'HTTP confirmation API: judicial confirmation requests (and the courts eligible for one), the court side included',
    paths: /^\/v1\/(confirmation-requests(\/|$)|settlements\/\{id\}\/(confirmation-requests|eligible-courts)$)/,
  },
  {
    name: 'service',
    entry: 'functions/http/groups/service-lambda.ts',
    description: 'HTTP service API: addresses for service, service requests, their documents and proofs',
    paths: /^\/v1\/(services|parties|me)(\/|$)/,
  },
  {
    name: 'mediation',
    entry: 'functions/http/groups/mediation-lambda.ts',
    description: 'HTTP mediation API: disputes, offers and assignment, settlements, operations',
    paths: /^\/v1\/(disputes|offers|assignments|settlements|operations)(\/|$)/,
  },
];

/** The group that serves a route; a route no group claims is a mistake in this file. */
export function routeGroupOf(route: Pick<RouteDeclaration, 'path'>): RouteGroup {
  const group = routeGroups.find((candidate) => candidate.paths.test(route.path));
  if (group === undefined) throw new Error(`no route group serves ${route.path} (functions/http/route-groups.ts)`);
  return group;
}
