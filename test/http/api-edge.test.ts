import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { behindLocalEdge } from '../support/local-edge';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/**
 * The app behind the local edge, as `npm start` serves it: the edge is built from the routes and
 * authorizers of the synthesized API stack, so what API Gateway would refuse is refused here.
 */
describe('the local edge in front of the app', () => {
  let h: Harness;
  let edge: (request: Request) => Promise<Response>;
  beforeAll(async () => {
    h = await httpHarness();
    edge = await behindLocalEdge((request: Request) => h.app.fetch(request), h.tokens.authenticator());
  });

  /** The app stamps every answer with a correlation id; API Gateway's own refusals carry none. */
  const answeredByApp = (response: Response) => response.headers.get('x-correlation-id') !== null;

  it.each([
    ['the mediators’ inbox', '/inbox'],
    ['a signing link', '/s/sgn_unknown-token'],
    ['a service portal link', '/r/unknown-token'],
    ['a join link', '/join/unknown-token'],
    ['the health of the platform', '/health'],
  ])('lets a browser without a token reach %s (%s)', async (_name, path) => {
    const response = await edge(new Request(`http://localhost${path}`));

    expect(answeredByApp(response), `${path}: ${response.status}`).toBe(true);
    expect(response.status).not.toBe(401);
  });

  it('refuses /v1 routes without a token, with API Gateway’s 401, before the app', async () => {
    for (const [method, path] of [
      ['POST', '/v1/disputes/d-1/picks'],
      ['GET', '/v1/offers'],
      ['POST', '/v1/courts'],
    ] as const) {
      const response = await edge(new Request(`http://localhost${path}`, { method }));

      expect(response.status, `${method} ${path}`).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
      expect(answeredByApp(response)).toBe(false);
    }
  });

  it('lets routes a court calls through to the app, which refuses a missing token itself (run-time court clients)', async () => {
    for (const [method, path] of [
      ['GET', '/v1/courts'],
      ['GET', '/v1/confirmation-requests/cr-1'],
    ] as const) {
      const response = await edge(new Request(`http://localhost${path}`, { method }));

      expect(response.status, `${method} ${path}`).toBe(401);
      expect(answeredByApp(response)).toBe(true);
      expect(((await response.json()) as { code: string }).code).toBe('unauthenticated');
    }
  });

  it('lets routes open to parties and staff through to the app, which verifies the token itself (two pools, one issuer per authorizer)', async () => {
    for (const [method, path] of [
      ['POST', '/v1/disputes'],
      ['GET', '/v1/disputes/d-1'],
    ] as const) {
      const response = await edge(new Request(`http://localhost${path}`, { method }));

      expect(response.status, `${method} ${path}`).toBe(401);
      expect(answeredByApp(response)).toBe(true);
      expect(((await response.json()) as { code: string }).code).toBe('unauthenticated');
    }
  });

  it('refuses an expired or forged token with the same 401', async () => {
    const expired = await h.tokens.sign('operator', 'op-1', '-1m');
    const valid = await h.tokens.sign('operator', 'op-1');
    const forged = `${valid.slice(0, valid.lastIndexOf('.'))}.${'A'.repeat(86)}`;

    for (const token of [expired, forged]) {
      const response = await edge(
        new Request('http://localhost/v1/offers', { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    }
  });

  it('passes a valid token through to the app, which checks the role', async () => {
    const operator = await h.tokens.sign('operator', 'op-1');
    const party = await h.tokens.sign('party', 'party-1');

    const listed = await edge(
      new Request('http://localhost/v1/courts', { headers: { authorization: `Bearer ${operator}` } }),
    );
    const forbidden = await edge(
      new Request('http://localhost/v1/assignments/batch', {
        method: 'POST',
        headers: { authorization: `Bearer ${party}`, 'content-type': 'application/json' },
        body: '{}',
      }),
    );

    expect(listed.status).toBe(200);
    expect(forbidden.status).toBe(403);
    expect(answeredByApp(forbidden)).toBe(true);
  });

  it('answers a route the table does not declare with API Gateway’s 404, before the app', async () => {
    for (const path of ['/v1/nothing-here', '/admin', '/inbox/nothing-here']) {
      const response = await edge(new Request(`http://localhost${path}`));

      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
      expect(answeredByApp(response)).toBe(false);
    }
  });
});
