import { describe, expect, it } from 'vitest';
import { apiEdge, type EdgeRoute, edgeRoutesFromTemplate } from '../../infra/local/api-edge';

const jwt = { type: 'jwt', identityHeader: 'authorization' } as const;
const none = { type: 'none' } as const;

/** The app behind the edge answers with the route it was reached by, so a test sees what got through. */
const echo = async (request: Request, env?: { tag: string }) =>
  new Response(`${request.method} ${new URL(request.url).pathname} ${env?.tag ?? ''}`.trim(), { status: 200 });

/** Accepts one token: the edge's verdict comes from this function alone. */
const verifyBearer = async (authorization: string) => authorization === 'Bearer good';

function edge(routes: EdgeRoute[]) {
  return apiEdge(routes, verifyBearer, echo);
}

describe('apiEdge', () => {
  it('answers 404 {"message":"Not Found"} for a path or a method no route declares, as API Gateway does', async () => {
    const handle = edge([{ method: 'GET', path: '/health', authorizer: none }]);

    for (const request of [
      new Request('http://local/nothing'),
      new Request('http://local/health', { method: 'POST' }),
    ]) {
      const response = await handle(request);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
  });

  it('answers 401 {"message":"Unauthorized"} on a JWT route without a token or with one that does not verify', async () => {
    const handle = edge([{ method: 'GET', path: '/v1/courts', authorizer: jwt }]);

    for (const headers of [{}, { authorization: 'Bearer forged' }, { authorization: '' }]) {
      const response = await handle(new Request('http://local/v1/courts', { headers }));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    }
  });

  it('passes a verified request to the app with the server bindings', async () => {
    const handle = edge([{ method: 'GET', path: '/v1/courts/{id}', authorizer: jwt }]);

    const response = await handle(
      new Request('http://local/v1/courts/c-1', { headers: { authorization: 'Bearer good' } }),
      { tag: 'socket' },
    );

    expect(await response.text()).toBe('GET /v1/courts/c-1 socket');
  });

  it('lets a public route through without a token', async () => {
    const handle = edge([{ method: 'GET', path: '/r/{token}', authorizer: none }]);

    expect((await handle(new Request('http://local/r/abc'))).status).toBe(200);
  });

  it('matches a {variable} to one non-empty segment only', async () => {
    const handle = edge([{ method: 'GET', path: '/r/{token}', authorizer: none }]);

    for (const path of ['/r/', '/r', '/r/abc/more']) {
      expect((await handle(new Request(`http://local${path}`))).status, path).toBe(404);
    }
  });

  it('prefers a literal segment over a variable, and a variable over a greedy one', async () => {
    const handle = edge([
      { method: 'GET', path: '/v1/{proxy+}', authorizer: jwt },
      { method: 'GET', path: '/v1/disputes/{id}', authorizer: jwt },
      { method: 'GET', path: '/v1/disputes/open', authorizer: none },
    ]);

    expect((await handle(new Request('http://local/v1/disputes/open'))).status).toBe(200);
    expect((await handle(new Request('http://local/v1/disputes/d-1'))).status).toBe(401);
    expect((await handle(new Request('http://local/v1/a/b/c'))).status).toBe(401);
  });

  it('prefers a route for the method over ANY', async () => {
    const handle = edge([
      { method: 'ANY', path: '/inbox', authorizer: jwt },
      { method: 'GET', path: '/inbox', authorizer: none },
    ]);

    expect((await handle(new Request('http://local/inbox'))).status).toBe(200);
    expect((await handle(new Request('http://local/inbox', { method: 'POST' }))).status).toBe(401);
  });
});

describe('edgeRoutesFromTemplate', () => {
  const authorizer = {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    Properties: { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] },
  };
  const route = (properties: Record<string, unknown>) => ({ Type: 'AWS::ApiGatewayV2::Route', Properties: properties });

  it('reads each route with its JWT authorizer or none', () => {
    const routes = edgeRoutesFromTemplate({
      Resources: {
        Authorizer: authorizer,
        Courts: route({ RouteKey: 'GET /v1/courts', AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Authorizer' } }),
        Health: route({ RouteKey: 'GET /health', AuthorizationType: 'NONE' }),
        Bucket: { Type: 'AWS::S3::Bucket' },
      },
    });

    expect(routes).toEqual([
      { method: 'GET', path: '/v1/courts', authorizer: jwt },
      { method: 'GET', path: '/health', authorizer: none },
    ]);
  });

  it('refuses what it could not reproduce: a $default route, authorization scopes, another authorizer', () => {
    const refused = [
      route({ RouteKey: '$default', AuthorizationType: 'NONE' }),
      route({
        RouteKey: 'GET /v1/x',
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: 'Authorizer' },
        AuthorizationScopes: ['platform/court'],
      }),
      route({ RouteKey: 'GET /v1/x', AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'Authorizer' } }),
      route({ RouteKey: 'GET /v1/x', AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Missing' } }),
    ];
    for (const resource of refused) {
      expect(() => edgeRoutesFromTemplate({ Resources: { Authorizer: authorizer, Route: resource } })).toThrow(
        /local edge|not in the template/,
      );
    }
  });
});
