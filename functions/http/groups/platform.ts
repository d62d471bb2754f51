import type { Hono } from 'hono';
import type { HealthProbe } from '../../../shared/ports/health';
import type { ProofSigner } from '../../../shared/ports/proof-signer';
import type { AppEnv } from '../app-env';
import { type OpenApiDocument, renderDocsPage } from '../openapi/docs-page';
import { assetRoutes, languageRoutes } from '../pages/kit/kit-routes';
import { healthRoutes } from '../routes/health';
import { proofKeyRoutes } from '../routes/proof-key';

export interface PlatformDeps {
  /** Components reported by GET /health, by name. */
  health: Record<string, HealthProbe>;
  /** The proof key, whose public half GET /proof-key gives (without it, that route answers 500). */
  proofSigner?: ProofSigner;
  /** The API description served at /openapi.json and rendered at /docs. */
  apiDocument: () => OpenApiDocument | Promise<OpenApiDocument>;
}

const noProofKey: ProofSigner = {
  keyId: 'none',
  publicKeyPem: async () => Promise.reject(new Error('no proof key is configured')),
  sign: async () => Promise.reject(new Error('no proof key is configured')),
};

/** The platform group (route-groups.ts): health, the proof key, the API description, the page kit's files. */
export function mountPlatform(app: Hono<AppEnv>, deps: PlatformDeps): void {
  app.route('/health', healthRoutes(deps.health));
  app.route('/proof-key', proofKeyRoutes(deps.proofSigner ?? noProofKey));
  // The page kit's stylesheet and language switch (functions/http/pages/kit/page-kit.tsx).
  app.route('/assets', assetRoutes());
  app.route('/lang', languageRoutes());
  app.get('/openapi.json', async (c) => c.json(await deps.apiDocument()));
  // No icon (yet): an empty answer the browser keeps for a week, instead of a 404 on every first visit.
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=604800' }));
  app.get('/docs', async (c) => c.html(renderDocsPage(await deps.apiDocument())));
}
