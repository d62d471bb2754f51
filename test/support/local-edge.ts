import { apiEdge } from '../../infra/local/api-edge';
import { synthesizedEdgeRoutes } from '../../infra/local/api-edge-routes';
import type { Authenticator } from '../../shared/ports/authenticator';

/**
 * The app behind the local edge, as `npm start` serves it (infra/local/platform.ts): the routes and
 * authorizers of the synthesized API stack, bearer tokens verified by the same authenticator the app
 * uses. What API Gateway would refuse is refused before the app.
 */
export async function behindLocalEdge<Rest extends unknown[]>(
  fetch: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  authenticator: Authenticator,
) {
  return apiEdge(
    await synthesizedEdgeRoutes(),
    async (authorization) => (await authenticator.authenticate({ authorization })) !== undefined,
    fetch,
  );
}
