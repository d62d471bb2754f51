import { OpenAPIHono } from '@hono/zod-openapi';
import { linkedSubject } from '../../shared/use-cases/people/sign-in-links';
import { isCourtClientActive } from '../../shared/use-cases/roster/court-credentials';
import type { AppEnv } from './app-env';
import { type HttpDeps, type HttpPorts, withCapabilities } from './deps';
import { allowDeclaredRoles, authenticate } from './middleware/authentication';
import { bodyLimits } from './middleware/body-limits';
import { clientAddress } from './middleware/client-address';
import { clientQuota } from './middleware/client-quota';
import { correlation } from './middleware/correlation';
import { apiSecurity, pageSecurity } from './middleware/edge-security';
import { idempotency } from './middleware/idempotency';
import { renderDocsPage } from './openapi/docs-page';
import { openApiServers } from './openapi/servers';
import { assetRoutes, languageRoutes } from './pages/kit/kit-routes';
import { errorToResponse, problemResponse } from './problem';
import { declaredRoute, honoPath, isPageRoute, routeTable } from './route-table';
import { assignmentRoutes, disputeAssignmentRoutes } from './routes/assignments';
import { authRoutes } from './routes/auth';
import { confirmationRequestRoutes, settlementConfirmationRoutes } from './routes/confirmations';
import { courtWebhookRoutes } from './routes/court-webhooks';
import { courtRoutes } from './routes/courts';
import { disputeRoutes } from './routes/disputes';
import { healthRoutes } from './routes/health';
import { identityCheckRoutes } from './routes/identity-checks';
import { inboxRoutes } from './routes/inbox';
import { joinRoutes } from './routes/join';
import { mediatorRoutes } from './routes/mediators';
import { offerRoutes } from './routes/offers';
import { operationsRoutes } from './routes/operations';
import { organizationRoutes } from './routes/organizations';
import { ownAddressRoutes, partyAddressRoutes } from './routes/party-addresses';
import { partyFilingRoutes } from './routes/party-filing';
import { partySpaceRoutes } from './routes/party-space';
import { portalRoutes } from './routes/portal';
import { proofKeyRoutes } from './routes/proof-key';
import { serviceCentreRoutes } from './routes/service-centre';
import { serviceRoutes } from './routes/services';
import { disputeSettlementRoutes, settlementRoutes } from './routes/settlements';
import { signingRoutes } from './routes/signing';
import { verifyRoutes } from './routes/verify';
import { validationHook } from './validation-hook';

const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'Dispute resolution and electronic service platform',
    version: '1.0.0',
    description:
      'Mediation matching, settlement to court confirmation, and electronic service with proof. Errors are application/problem+json (RFC 9457). ' +
      'Every operation names the roles that may call it in its description: another role gets 403, and an object the caller may not see is 404.',
    // No licence is granted: the package is private (all rights reserved).
    license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' },
  },
  tags: [
    { name: 'platform', description: 'Health of the platform and its components' },
    { name: 'roster', description: 'Courts, mediation organizations and mediators' },
    { name: 'mediation', description: 'Disputes: filing, invitations, recommendations, picks, extension, outcome' },
    { name: 'offers', description: 'Offers to mediators, operator and batch assignment' },
    { name: 'settlements', description: 'Settlement terms, the canonical document and its signatures' },
    { name: 'confirmation', description: 'Judicial confirmation: applications and the court API' },
    { name: 'service', description: 'Electronic service: addresses, service requests, status and proof' },
    { name: 'operations', description: 'Recovery: workflow executions that failed, and running them again' },
  ],
};

/** The HTTP API: the same app runs in Lambda (hono/aws-lambda) and on the embedded runtime. */
export function createApp(ports: HttpPorts | HttpDeps) {
  // Deps that carry their capabilities already (a harness's) are used as given, so a port swapped
  // on them later is the one the routes call.
  const deps = 'requestMessage' in ports ? ports : withCapabilities(ports);
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(
    '*',
    correlation,
    bodyLimits,
    clientAddress(deps.testClientAddressHeader ? { testHeader: deps.testClientAddressHeader } : {}),
  );
  // Every page the route table declares, by its exact path, so a new page cannot be left out.
  const page = pageSecurity(deps.publicBaseUrl);
  for (const path of new Set(routeTable.filter(isPageRoute).map((route) => honoPath(route.path)))) {
    app.use(path, ...page);
  }
  // The pages' own files (/assets, the page kit's) are files, not pages: no sniffing, no framing, cacheable.
  for (const path of ['/v1/*', '/health/*', '/proof-key/*', '/openapi.json', '/docs', '/favicon.ico', '/assets/*']) {
    app.use(path, apiSecurity);
  }
  app.route('/health', healthRoutes(deps.health));
  app.route('/proof-key', proofKeyRoutes(deps.proof.signer));

  // The page kit's stylesheet and language switch (functions/http/pages/kit/page-kit.tsx).
  app.route('/assets', assetRoutes());
  app.route('/lang', languageRoutes());

  app.route('/join', joinRoutes(deps));
  // Invitation messages link to /j/{token} (a short link fits the SMS); /join/{token} stays valid.
  app.route('/j', joinRoutes(deps));
  app.route('/inbox', inboxRoutes(deps));
  app.route('/r', portalRoutes(deps));
  app.route('/verify', verifyRoutes(deps));
  app.route('/service-centre', serviceCentreRoutes(deps));
  app.route('/s', signingRoutes(deps));
  app.route('/auth', authRoutes(deps));
  // The party's own space: / (my cases) and /cases/{id}.
  app.route('/', partySpaceRoutes(deps));
  // The guided filing: /file (category first, then the details).
  app.route('/', partyFilingRoutes(deps));

  // Every /v1 route is a bearer route (route-table.ts): the token (a court's client still active), the retry key, then the declared roles.
  app.use(
    '/v1/*',
    authenticate(
      deps.authenticator,
      (clientId) => isCourtClientActive(deps, clientId),
      (sub) => linkedSubject(deps.store, sub),
    ),
    clientQuota(deps.requestQuota, deps.clock),
    idempotency(deps.idempotency),
    allowDeclaredRoles,
  );
  app.route('/v1/courts', courtRoutes(deps));
  app.route('/v1/courts', courtWebhookRoutes(deps));
  app.route('/v1/organizations', organizationRoutes(deps));
  app.route('/v1/mediators', mediatorRoutes(deps));
  app.route('/v1/disputes', disputeRoutes(deps));
  app.route('/v1/offers', offerRoutes(deps));
  app.route('/v1/assignments', assignmentRoutes(deps));
  app.route('/v1/disputes', disputeAssignmentRoutes(deps));
  app.route('/v1/disputes', identityCheckRoutes(deps));
  app.route('/v1/parties', partyAddressRoutes(deps));
  app.route('/v1/me', ownAddressRoutes(deps));
  app.route('/v1/services', serviceRoutes(deps));
  app.route('/v1/disputes', disputeSettlementRoutes(deps));
  app.route('/v1/settlements', settlementRoutes(deps));
  app.route('/v1/settlements', settlementConfirmationRoutes(deps));
  app.route('/v1/confirmation-requests', confirmationRequestRoutes(deps));
  app.route('/v1/operations', operationsRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Cognito access token (people: cognito:groups; courts: client credentials).',
  });
  const document = () => {
    const doc = app.getOpenAPI31Document({ ...openApiInfo, servers: openApiServers(deps.publicBaseUrl) });
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        if (operation && typeof operation === 'object' && 'responses' in operation) {
          // The route table says which operations need a token.
          const bearer = declaredRoute(method.toUpperCase(), path)?.access === 'bearer';
          (operation as { security?: unknown[] }).security = bearer ? [{ bearer: [] }] : [];
        }
      }
    }
    return doc;
  };
  app.get('/openapi.json', (c) => c.json(document()));
  // No icon (yet): an empty answer the browser keeps for a week, instead of a 404 on every first visit.
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=604800' }));
  app.get('/docs', (c) => c.html(renderDocsPage(document() as Parameters<typeof renderDocsPage>[0])));

  app.notFound((c) =>
    problemResponse(c, { status: 404, code: 'not_found', detail: `no route ${c.req.method} ${c.req.path}` }),
  );
  app.onError((error, c) =>
    errorToResponse(error, c, (unexpected) =>
      deps.logger.error('unexpected error', { correlationId: c.get('requestId'), error: unexpected as Error }),
    ),
  );
  return app;
}

export type App = ReturnType<typeof createApp>;
