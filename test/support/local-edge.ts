import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
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

/** A server on a loopback port of its own: its address, and how to stop it. */
export interface LoopbackSite {
  base: string;
  close: () => Promise<void>;
}

/** Serves `fetch` on 127.0.0.1, on `port` or (0) a free one the system picks. */
export async function serveOnLoopback(
  fetch: (request: Request) => Response | Promise<Response>,
  port = 0,
): Promise<LoopbackSite> {
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(started));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The app behind the local edge on a loopback port, reached as API Gateway lets a browser reach it. */
export async function serveBehindLocalEdge(
  fetch: (request: Request) => Response | Promise<Response>,
  authenticator: Authenticator,
): Promise<LoopbackSite> {
  return serveOnLoopback(await behindLocalEdge(fetch, authenticator));
}
