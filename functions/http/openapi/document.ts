import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import { declaredRoute } from '../route-table';
import { registerCallbacks } from '../routes/callback-events';
import type { OpenApiDocument } from './docs-page';
import { openApiServers } from './servers';

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

/** The API description of every route the app registered, with the deployment's servers. */
export type ApiDocument = OpenApiDocument & { servers?: Array<{ url: string; description: string }> };

/**
 * The OpenAPI document of an app that serves every route (app.ts, `createApp`), without servers:
 * the same for every deployment, so the platform function's is built at build time
 * (openapi/write-document.ts) and the embedded runtime's at the first request.
 */
export function describeApi(app: OpenAPIHono<AppEnv>): ApiDocument {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Cognito access token (people: cognito:groups; courts: client credentials).',
  });
  registerCallbacks(app.openAPIRegistry);
  const doc = app.getOpenAPI31Document(openApiInfo);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      if (operation && typeof operation === 'object' && 'responses' in operation) {
        // The route table says which operations need a token.
        const bearer = declaredRoute(method.toUpperCase(), path)?.access === 'bearer';
        (operation as { security?: unknown[] }).security = bearer ? [{ bearer: [] }] : [];
      }
    }
  }
  return doc as ApiDocument;
}

/** The document with the servers of this deployment (openapi/servers.ts), first among its keys as before. */
export function withServers(document: ApiDocument, publicBaseUrl: string): ApiDocument {
  const { openapi, info, ...rest } = document as ApiDocument & { openapi: string };
  return { openapi, info, servers: openApiServers(publicBaseUrl), ...rest } as ApiDocument;
}
