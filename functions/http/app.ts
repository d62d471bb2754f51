import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env';
import { appShell, finishApp, guardApi } from './app-shell';
import { type HttpDeps, type HttpPorts, withCapabilities } from './deps';
import { mountAuth } from './groups/auth';
import { mountConfirmation } from './groups/confirmation';
import { mountLinks } from './groups/links';
import { mountMediation } from './groups/mediation';
import { mountParty } from './groups/party';
import { mountPlatform } from './groups/platform';
import { mountRoster } from './groups/roster';
import { mountService } from './groups/service';
import { mountStaff } from './groups/staff';
import { type ApiDocument, describeApi, withServers } from './openapi/document';
import { validationHook } from './validation-hook';

/**
 * The whole HTTP API in one app: every route group (route-groups.ts), as the embedded runtime and
 * the tests serve it. In AWS each group is its own function (functions/http/groups/*-lambda.ts),
 * built from the same shell and the same group mounts.
 */
export function createApp(ports: HttpPorts | HttpDeps) {
  // Deps that carry their capabilities already (a harness's) are used as given, so a port swapped
  // on them later is the one the routes call.
  const deps = 'requestMessage' in ports ? ports : withCapabilities(ports);
  const app = appShell(new OpenAPIHono<AppEnv>({ defaultHook: validationHook }), deps);
  let described: ApiDocument | undefined;
  const apiDocument = () => {
    described ??= describeApi(app);
    return withServers(described, deps.publicBaseUrl);
  };
  mountPlatform(app, {
    health: deps.health,
    ...(deps.proof ? { proofSigner: deps.proof.signer } : {}),
    apiDocument,
  });
  mountLinks(app, deps);
  mountAuth(app, deps);
  mountStaff(app, deps);
  mountParty(app, deps);
  guardApi(app, deps);
  mountRoster(app, deps);
  mountMediation(app, deps);
  mountService(app, deps);
  mountConfirmation(app, deps);
  return finishApp(app, deps);
}

export type App = ReturnType<typeof createApp>;
