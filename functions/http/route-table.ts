import { type Role, roles } from '../../shared/domain/principal';

/**
 * The one route table (DESIGN.md, "Edge and pages"): every route the HTTP app serves, declared once
 * with its method, its path and who may reach it. The Hono app takes its role checks from here
 * (middleware/authentication.ts), the CDK API stack declares exactly these routes and authorizers
 * on API Gateway (infra/stacks/api-stack.ts), and the local runtime's edge is built from the
 * template that stack synthesizes (infra/local/api-edge.ts). Plain data: the Lambda bundle and the
 * CDK app both import this file, so it imports nothing heavy.
 *
 * Access:
 * - `public`: anyone; API Gateway lets the request through without a token. Pages reached from a
 *   link in a message check the link's token and a code themselves.
 * - `page`: a staff page with its own cookie session, verified in Lambda; API Gateway lets the
 *   request through (a browser sends no bearer token).
 * - `bearer`: a valid token is required; the app then allows `roles` only (another role: 403).
 *   API Gateway's JWT authorizer checks it first, except on routes a court may call: courts' app
 *   clients are created at run time (POST /v1/courts/{id}/credentials), and the authorizer's
 *   audience is fixed at deploy, so those tokens are verified in Lambda only (aws-jwt-verify, with
 *   the client checked against the roster on every request). See `verifiedAtGateway`. And since a
 *   JWT authorizer trusts one user pool, a route open to both parties and staff is verified in
 *   Lambda too (infra/stacks/api-stack.ts, `gatewayPoolOf`).
 */
export type HttpMethodName = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteDeclaration =
  | { method: HttpMethodName; path: string; access: 'public' | 'page' }
  | { method: HttpMethodName; path: string; access: 'bearer'; roles: readonly Role[] };

/** Any signed-in role: people (party, mediator, operator) and courts. */
const signedIn = roles;

/** Paths are written as API Gateway writes them: `{name}` is one path segment. */
export const routeTable: readonly RouteDeclaration[] = [
  // The platform: health, the proof key's public half (a court checks a proof offline), the API description.
  { method: 'GET', path: '/health', access: 'public' },
  { method: 'GET', path: '/proof-key', access: 'public' },
  { method: 'GET', path: '/openapi.json', access: 'public' },
  { method: 'GET', path: '/docs', access: 'public' },
  // Browsers ask for it by themselves on every site; answering 204 spares each page a failed request.
  { method: 'GET', path: '/favicon.ico', access: 'public' },
  { method: 'GET', path: '/verify', access: 'public' },
  // The page kit: the pages' stylesheet, and the language switch (a cookie, then back to the page).
  { method: 'GET', path: '/assets/{file}', access: 'public' },
  { method: 'GET', path: '/lang/{lang}', access: 'public' },

  // Join page: a respondent proves who they are with the code from the invitation.
  { method: 'GET', path: '/join/{token}', access: 'public' },
  { method: 'POST', path: '/join/{token}', access: 'public' },
  { method: 'POST', path: '/join/{token}/code', access: 'public' },
  // Proving who one is shows the claim; then join (above) or decline mediation.
  { method: 'POST', path: '/join/{token}/claim', access: 'public' },
  { method: 'POST', path: '/join/{token}/decline', access: 'public' },
  // The same page under the one-letter path invitation messages use (short enough for an SMS).
  { method: 'GET', path: '/j/{token}', access: 'public' },
  { method: 'POST', path: '/j/{token}', access: 'public' },
  { method: 'POST', path: '/j/{token}/code', access: 'public' },
  { method: 'POST', path: '/j/{token}/claim', access: 'public' },
  { method: 'POST', path: '/j/{token}/decline', access: 'public' },
  // Service portal: a recipient checks identity, reads the document and signs for it.
  { method: 'GET', path: '/r/{token}', access: 'public' },
  { method: 'POST', path: '/r/{token}', access: 'public' },
  { method: 'POST', path: '/r/{token}/code', access: 'public' },
  { method: 'GET', path: '/r/{token}/document', access: 'public' },
  { method: 'POST', path: '/r/{token}/acknowledge', access: 'public' },
  // Signing link: a party proves who it is with a code, then reads the settlement and signs it.
  { method: 'GET', path: '/s/{token}', access: 'public' },
  { method: 'POST', path: '/s/{token}', access: 'public' },
  { method: 'POST', path: '/s/{token}/document', access: 'public' },
  { method: 'POST', path: '/s/{token}/code', access: 'public' },

  // People's sign-in (managed login, authorization code with PKCE) and the party's own cases page.
  { method: 'GET', path: '/auth/sign-in', access: 'public' },
  { method: 'GET', path: '/auth/callback', access: 'public' },
  { method: 'GET', path: '/auth/sign-out', access: 'public' },
  { method: 'POST', path: '/auth/sign-out', access: 'public' },
  { method: 'GET', path: '/auth/signed-out', access: 'public' },
  // A party's first sign-in proves who it is (ID number and name against the signed-in mobile).
  { method: 'GET', path: '/auth/link', access: 'public' },
  { method: 'POST', path: '/auth/link', access: 'public' },
  // The party's own space (a parties' session): my cases, a case with its recommendations and picks.
  { method: 'GET', path: '/', access: 'page' },
  { method: 'GET', path: '/cases', access: 'page' },
  { method: 'GET', path: '/cases/{id}', access: 'page' },
  { method: 'POST', path: '/cases/{id}/picks', access: 'page' },
  // A closed mediation rated by the party, once (the ratings API's use case).
  { method: 'POST', path: '/cases/{id}/rating', access: 'page' },
  { method: 'GET', path: '/cases/{id}/settlement', access: 'page' },
  { method: 'POST', path: '/cases/{id}/settlement/signature', access: 'page' },
  { method: 'POST', path: '/cases/{id}/confirmation', access: 'page' },
  { method: 'POST', path: '/cases/{id}/confirmation/withdrawal', access: 'page' },
  { method: 'GET', path: '/cases/{id}/ruling', access: 'page' },
  { method: 'GET', path: '/cases/{id}/ruling/document', access: 'page' },
  { method: 'POST', path: '/cases/{id}/ruling/signature', access: 'page' },
  { method: 'GET', path: '/file', access: 'page' },
  { method: 'POST', path: '/file', access: 'page' },
  { method: 'GET', path: '/addresses', access: 'page' },
  { method: 'POST', path: '/addresses', access: 'page' },

  // Mediators' inbox and the operators' service centre: their own cookie session.
  { method: 'GET', path: '/inbox', access: 'page' },
  { method: 'POST', path: '/inbox/sign-in', access: 'page' },
  { method: 'POST', path: '/inbox/sign-out', access: 'page' },
  { method: 'POST', path: '/inbox/offers/{id}/accept', access: 'page' },
  { method: 'POST', path: '/inbox/offers/{id}/decline', access: 'page' },
  { method: 'POST', path: '/inbox/disputes/{id}/outcome', access: 'page' },
  // The mediator's case room: parties and contacts, settlement, signing links, availability.
  { method: 'GET', path: '/inbox/disputes/{id}', access: 'page' },
  { method: 'POST', path: '/inbox/disputes/{id}/settlement', access: 'page' },
  { method: 'GET', path: '/inbox/settlements/{id}/document', access: 'page' },
  { method: 'POST', path: '/inbox/settlements/{id}/signing-links', access: 'page' },
  { method: 'POST', path: '/inbox/availability', access: 'page' },
  { method: 'GET', path: '/service-centre', access: 'page' },
  { method: 'POST', path: '/service-centre/sign-in', access: 'page' },
  { method: 'POST', path: '/service-centre/sign-out', access: 'page' },
  {
    method: 'POST',
    path: '/service-centre/services/{serviceId}/recipients/{recipientId}/alternative-service',
    access: 'page',
  },
  { method: 'POST', path: '/service-centre/services/{serviceId}/recipients/{recipientId}/retry', access: 'page' },
  // The operator's queues: disputes awaiting assignment (one by one, or a batch) and the roster.
  { method: 'GET', path: '/service-centre/assignments', access: 'page' },
  { method: 'POST', path: '/service-centre/assignments/batch', access: 'page' },
  { method: 'POST', path: '/service-centre/disputes/{id}/assignment', access: 'page' },
  { method: 'GET', path: '/service-centre/roster', access: 'page' },
  // The roster kept from pages: registrations and a mediator's availability (the API's schemas and use cases).
  { method: 'GET', path: '/service-centre/roster/courts/new', access: 'page' },
  { method: 'POST', path: '/service-centre/roster/courts', access: 'page' },
  { method: 'GET', path: '/service-centre/roster/organizations/new', access: 'page' },
  { method: 'POST', path: '/service-centre/roster/organizations', access: 'page' },
  { method: 'GET', path: '/service-centre/roster/mediators/new', access: 'page' },
  { method: 'POST', path: '/service-centre/roster/mediators', access: 'page' },
  { method: 'GET', path: '/service-centre/roster/courts/{id}', access: 'page' },
  { method: 'POST', path: '/service-centre/roster/courts/{id}/credentials', access: 'page' },
  { method: 'POST', path: '/service-centre/roster/courts/{id}/credentials/rotation', access: 'page' },
  { method: 'POST', path: '/service-centre/roster/courts/{id}/credentials/revocation', access: 'page' },
  { method: 'GET', path: '/service-centre/roster/mediators/{id}', access: 'page' },
  { method: 'POST', path: '/service-centre/roster/mediators/{id}', access: 'page' },
  // Failed workflow executions and their redrive (the operations routes' use cases).
  { method: 'GET', path: '/service-centre/failed-executions', access: 'page' },
  { method: 'POST', path: '/service-centre/failed-executions/{id}/redrive', access: 'page' },

  // Roster.
  { method: 'POST', path: '/v1/courts', access: 'bearer', roles: ['operator'] },
  { method: 'GET', path: '/v1/courts', access: 'bearer', roles: signedIn },
  { method: 'GET', path: '/v1/courts/{id}', access: 'bearer', roles: signedIn },
  { method: 'POST', path: '/v1/courts/{id}/credentials', access: 'bearer', roles: ['operator'] },
  { method: 'POST', path: '/v1/courts/{id}/credentials/rotation', access: 'bearer', roles: ['operator'] },
  { method: 'POST', path: '/v1/courts/{id}/credentials/revocation', access: 'bearer', roles: ['operator'] },
  { method: 'PUT', path: '/v1/courts/{id}/webhook', access: 'bearer', roles: ['court', 'operator'] },
  { method: 'GET', path: '/v1/courts/{id}/webhook', access: 'bearer', roles: ['court', 'operator'] },
  { method: 'GET', path: '/v1/courts/{id}/webhook-deliveries', access: 'bearer', roles: ['court', 'operator'] },
  { method: 'POST', path: '/v1/organizations', access: 'bearer', roles: ['operator'] },
  { method: 'GET', path: '/v1/organizations', access: 'bearer', roles: signedIn },
  { method: 'GET', path: '/v1/organizations/{id}', access: 'bearer', roles: signedIn },
  { method: 'POST', path: '/v1/mediators', access: 'bearer', roles: ['operator'] },
  { method: 'GET', path: '/v1/mediators', access: 'bearer', roles: signedIn },
  { method: 'GET', path: '/v1/mediators/{id}', access: 'bearer', roles: signedIn },
  // The mediator only for availability and online/offline (the use case decides the fields).
  { method: 'PATCH', path: '/v1/mediators/{id}', access: 'bearer', roles: ['operator', 'mediator'] },

  // Mediation.
  { method: 'POST', path: '/v1/disputes', access: 'bearer', roles: ['party', 'operator'] },
  { method: 'GET', path: '/v1/disputes', access: 'bearer', roles: ['party', 'mediator', 'operator'] },
  { method: 'GET', path: '/v1/disputes/{id}', access: 'bearer', roles: ['party', 'mediator', 'operator'] },
  { method: 'POST', path: '/v1/disputes/{id}/invitations', access: 'bearer', roles: ['party', 'operator'] },
  { method: 'GET', path: '/v1/disputes/{id}/recommendations', access: 'bearer', roles: ['party', 'operator'] },
  { method: 'POST', path: '/v1/disputes/{id}/picks', access: 'bearer', roles: ['party'] },
  { method: 'POST', path: '/v1/disputes/{id}/parties/{partyId}/consent', access: 'bearer', roles: ['party'] },
  {
    method: 'POST',
    path: '/v1/disputes/{id}/parties/{partyId}/identity-checks',
    access: 'bearer',
    roles: ['operator'],
  },
  { method: 'POST', path: '/v1/disputes/{id}/extension', access: 'bearer', roles: ['party'] },
  { method: 'POST', path: '/v1/disputes/{id}/decline', access: 'bearer', roles: ['party'] },
  { method: 'POST', path: '/v1/disputes/{id}/outcome', access: 'bearer', roles: ['mediator'] },
  { method: 'POST', path: '/v1/disputes/{id}/ratings', access: 'bearer', roles: ['party'] },

  // Offers and assignment.
  { method: 'GET', path: '/v1/offers', access: 'bearer', roles: ['mediator'] },
  { method: 'POST', path: '/v1/offers/{id}/accept', access: 'bearer', roles: ['mediator'] },
  { method: 'POST', path: '/v1/offers/{id}/decline', access: 'bearer', roles: ['mediator'] },
  { method: 'POST', path: '/v1/assignments/batch', access: 'bearer', roles: ['operator'] },
  { method: 'POST', path: '/v1/disputes/{id}/assignment', access: 'bearer', roles: ['operator'] },

  // Settlements.
  { method: 'POST', path: '/v1/disputes/{id}/settlement', access: 'bearer', roles: ['mediator'] },
  { method: 'GET', path: '/v1/settlements/{id}', access: 'bearer', roles: signedIn },
  { method: 'GET', path: '/v1/settlements/{id}/document', access: 'bearer', roles: signedIn },
  { method: 'POST', path: '/v1/settlements/{id}/signatures', access: 'bearer', roles: ['party'] },
  { method: 'POST', path: '/v1/settlements/{id}/signing-links', access: 'bearer', roles: ['party', 'mediator'] },
  { method: 'GET', path: '/v1/settlements/{id}/eligible-courts', access: 'bearer', roles: ['party', 'mediator'] },

  // Operations: failed workflow executions and their redrive.
  { method: 'GET', path: '/v1/operations/failed-executions', access: 'bearer', roles: ['operator'] },
  { method: 'POST', path: '/v1/operations/failed-executions/{id}/redrive', access: 'bearer', roles: ['operator'] },

  // Judicial confirmation.
  { method: 'POST', path: '/v1/settlements/{id}/confirmation-requests', access: 'bearer', roles: ['party'] },
  { method: 'GET', path: '/v1/confirmation-requests', access: 'bearer', roles: ['court'] },
  { method: 'GET', path: '/v1/confirmation-requests/{id}', access: 'bearer', roles: ['court', 'party', 'mediator'] },
  { method: 'POST', path: '/v1/confirmation-requests/{id}/acceptance', access: 'bearer', roles: ['court'] },
  { method: 'POST', path: '/v1/confirmation-requests/{id}/extension', access: 'bearer', roles: ['court'] },
  { method: 'POST', path: '/v1/confirmation-requests/{id}/decision', access: 'bearer', roles: ['court'] },
  { method: 'POST', path: '/v1/confirmation-requests/{id}/documents', access: 'bearer', roles: ['court'] },
  { method: 'POST', path: '/v1/confirmation-requests/{id}/withdrawal', access: 'bearer', roles: ['party'] },

  // Electronic service.
  { method: 'POST', path: '/v1/parties/{id}/addresses', access: 'bearer', roles: ['operator', 'court'] },
  { method: 'GET', path: '/v1/parties/{id}/addresses', access: 'bearer', roles: ['operator', 'court'] },
  { method: 'GET', path: '/v1/me/addresses', access: 'bearer', roles: ['party'] },
  { method: 'POST', path: '/v1/me/addresses', access: 'bearer', roles: ['party'] },
  { method: 'POST', path: '/v1/services', access: 'bearer', roles: ['court', 'operator'] },
  { method: 'POST', path: '/v1/services/documents', access: 'bearer', roles: ['court', 'operator'] },
  { method: 'GET', path: '/v1/services/{id}/document', access: 'bearer', roles: ['court', 'operator'] },
  { method: 'GET', path: '/v1/services/{id}', access: 'bearer', roles: ['court', 'operator'] },
  { method: 'GET', path: '/v1/services/{id}/proof', access: 'bearer', roles: ['court', 'operator'] },
  { method: 'POST', path: '/v1/services/{id}/alternative-service', access: 'bearer', roles: ['court', 'operator'] },
  {
    method: 'POST',
    path: '/v1/services/{id}/recipients/{recipientId}/retry',
    access: 'bearer',
    roles: ['court', 'operator'],
  },
];

/** `GET /v1/courts/{id}`: a route as API Gateway keys it (`RouteKey`). */
export function routeKey(route: { method: string; path: string }): string {
  return `${route.method} ${route.path}`;
}

/** The path in Hono's spelling (`/v1/courts/:id`). */
export function honoPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/** The path in API Gateway's spelling (`/v1/courts/{id}`), from Hono's. */
export function gatewayPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const byKey = new Map(routeTable.map((route) => [routeKey(route), route]));

/** The declaration of a route, by method and path in either spelling; undefined when undeclared. */
export function declaredRoute(method: string, path: string): RouteDeclaration | undefined {
  return byKey.get(routeKey({ method, path: gatewayPath(path) }));
}

/**
 * Public routes that answer a program rather than a person: the platform's health, its proof key, the
 * API description and its reference (API headers, middleware/edge-security.ts). `/assets/` holds the
 * pages' own scripts and styles: files, not pages.
 */
const notPages = new Set(['/health', '/proof-key', '/openapi.json', '/docs', '/favicon.ico']);
const assetsPrefix = '/assets/';

/**
 * Whether the route answers a browser with a server-rendered page (or takes a page's form post):
 * every route outside `/v1` but the ones above. The app puts each of these behind the pages' headers
 * and origin check (app.ts), and test/http/page-headers.test.ts requests every one, so a page added
 * to the table is covered by both without naming it again.
 */
export function isPageRoute(route: RouteDeclaration): boolean {
  return route.access !== 'bearer' && !notPages.has(route.path) && !route.path.startsWith(assetsPrefix);
}

/** Whether API Gateway's JWT authorizer verifies the route's token before the app (see Access above). */
export function verifiedAtGateway(route: RouteDeclaration): boolean {
  return route.access === 'bearer' && !route.roles.includes('court');
}
