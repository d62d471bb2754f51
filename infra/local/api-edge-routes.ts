import { type EdgeRoute, edgeRoutesFromTemplate } from './api-edge';
import { cachedSynthesis } from './synth-cache';

/**
 * The HTTP API's routes as the synthesized template declares them, for the local edge: synthesized
 * once after a change to anything the API stack is built from, read from the cache otherwise
 * (`synth-cache.ts`).
 */
export function synthesizedEdgeRoutes(): Promise<EdgeRoute[]> {
  return cachedSynthesis('platform-api-edge', ['infra/local/api-edge-routes.ts'], synthesizeEdgeRoutes);
}

/** The API stack's template, synthesized in-process as `cdk synth` would, without bundling any function. */
export async function synthesizeApiTemplate(): Promise<{ Resources: Record<string, { Type: string }> }> {
  // Imported here, not at the top: a start with the routes cached never loads the CDK.
  const [{ App }, { createPlatform }] = await Promise.all([import('aws-cdk-lib'), import('../app')]);
  const app = new App({
    analyticsReporting: false,
    context: {
      'aws:cdk:bundling-stacks': [],
      // The edge needs the routes only: cdk-nag findings are the CI synth's business.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      publicBaseUrl: 'https://platform.local.invalid',
    },
  });
  const platform = createPlatform(app);
  return app.synth().getStackArtifact(platform.api.artifactId).template as {
    Resources: Record<string, { Type: string }>;
  };
}

async function synthesizeEdgeRoutes(): Promise<EdgeRoute[]> {
  return edgeRoutesFromTemplate(await synthesizeApiTemplate());
}
