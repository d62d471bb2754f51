/**
 * The local stand-in for API Gateway's HTTP API in front of the app: the routes and authorizers are
 * read from the template the API stack synthesizes (api-edge-routes.ts), and a request is refused
 * here exactly where API Gateway would refuse it before the function runs:
 * - no route matches its method and path: 404 `{"message":"Not Found"}`;
 * - its route has the JWT authorizer and the identity source (the `Authorization` header) is missing
 *   or does not verify: 401 `{"message":"Unauthorized"}`.
 * Everything else reaches the app untouched, with the server's bindings (the socket's address).
 */

/** One route of the HTTP API, as the template declares it. */
export interface EdgeRoute {
  /** `GET`, `POST`, ... or `ANY`. */
  method: string;
  /** API Gateway's path template: literal segments, `{name}` (one segment), `{name+}` (the rest). */
  path: string;
  /** `none`, or the JWT authorizer with the header its identity source names (lowercase). */
  authorizer: { type: 'none' } | { type: 'jwt'; identityHeader: string };
}

/**
 * Verifies a bearer token as the JWT authorizer does (signature from the issuer's keys, issuer,
 * audience or client id, expiry). One function, so the edge and the app verify the same way: the
 * edge never checks a token's claims itself.
 */
export type BearerVerifier = (authorization: string) => Promise<boolean>;

type Fetch<Rest extends unknown[]> = (request: Request, ...rest: Rest) => Response | Promise<Response>;

export function apiEdge<Rest extends unknown[]>(
  routes: readonly EdgeRoute[],
  verifyBearer: BearerVerifier,
  app: Fetch<Rest>,
): (request: Request, ...rest: Rest) => Promise<Response> {
  const compiled = routes.map(compileRoute);
  return async (request, ...rest) => {
    const route = bestMatch(compiled, request.method, new URL(request.url).pathname);
    if (route === undefined) return gatewayAnswer(404, 'Not Found');
    if (route.authorizer.type === 'jwt') {
      const authorization = request.headers.get(route.authorizer.identityHeader);
      if (!authorization || !(await verifyBearer(authorization))) return gatewayAnswer(401, 'Unauthorized');
    }
    return app(request, ...rest);
  };
}

/** API Gateway's own answers: a JSON `message`, not the app's problem+json. */
function gatewayAnswer(status: number, message: string): Response {
  return new Response(JSON.stringify({ message }), { status, headers: { 'content-type': 'application/json' } });
}

type Segment = { kind: 'literal'; text: string } | { kind: 'variable' } | { kind: 'greedy' };

interface CompiledRoute extends EdgeRoute {
  segments: Segment[];
}

function compileRoute(route: EdgeRoute): CompiledRoute {
  // The root route (`GET /`) has no segment at all.
  const segments = (route.path === '/' ? [] : route.path.split('/').slice(1)).map((text): Segment => {
    if (/^\{[^}]+\+\}$/.test(text)) return { kind: 'greedy' };
    if (/^\{[^}]+\}$/.test(text)) return { kind: 'variable' };
    return { kind: 'literal', text };
  });
  return { ...route, segments };
}

/**
 * The route API Gateway would pick: among the routes matching the path, the most specific one,
 * comparing segment by segment (a literal beats a `{variable}`, which beats a greedy `{proxy+}`),
 * and then a route for the method beats `ANY`.
 */
function bestMatch(routes: CompiledRoute[], method: string, path: string): CompiledRoute | undefined {
  const parts = path === '/' ? [] : path.split('/').slice(1);
  const candidates = routes.filter(
    (route) => (route.method === method || route.method === 'ANY') && matches(route.segments, parts),
  );
  return candidates.sort(bySpecificity)[0];
}

function matches(segments: Segment[], parts: string[]): boolean {
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'greedy') return parts.length > index && parts.slice(index).every((part) => part !== '');
    const part = parts[index];
    if (part === undefined || part === '') return false;
    if (segment.kind === 'literal' && segment.text !== part) return false;
  }
  return segments.length === parts.length;
}

const rank = { literal: 0, variable: 1, greedy: 2 } as const;

function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let index = 0; index < Math.max(a.segments.length, b.segments.length); index += 1) {
    const left = a.segments[index];
    const right = b.segments[index];
    if (left === undefined || right === undefined) break;
    if (left.kind !== right.kind) return rank[left.kind] - rank[right.kind];
  }
  return Number(a.method === 'ANY') - Number(b.method === 'ANY');
}

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

/**
 * The HTTP API's routes as a CloudFormation template declares them: each `AWS::ApiGatewayV2::Route`
 * with its authorizer (`AWS::ApiGatewayV2::Authorizer`, JWT only). Anything the local edge could
 * not reproduce (another authorizer type, authorization scopes, a `$default` route) is an error
 * here, so the edge never lets through what API Gateway would refuse.
 */
export function edgeRoutesFromTemplate(template: { Resources: Record<string, TemplateResource> }): EdgeRoute[] {
  const resources = template.Resources;
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Route')
    .map(([id, resource]) => {
      const properties = resource.Properties ?? {};
      const key = String(properties.RouteKey);
      const [method, path] = key.split(' ');
      if (method === undefined || path === undefined || !path.startsWith('/')) {
        throw new Error(`route ${id}: the local edge does not reproduce the route key ${key}`);
      }
      if (properties.AuthorizationScopes !== undefined) {
        throw new Error(`route ${key}: the local edge does not check authorization scopes`);
      }
      const type = properties.AuthorizationType ?? 'NONE';
      if (type === 'NONE') return { method, path, authorizer: { type: 'none' } };
      if (type !== 'JWT')
        throw new Error(`route ${key}: the local edge does not reproduce ${String(type)} authorizers`);
      return { method, path, authorizer: jwtAuthorizer(key, properties.AuthorizerId, resources) };
    });
}

function jwtAuthorizer(
  key: string,
  authorizerId: unknown,
  resources: Record<string, TemplateResource>,
): EdgeRoute['authorizer'] {
  const ref = (authorizerId as { Ref?: unknown } | undefined)?.Ref;
  const authorizer = typeof ref === 'string' ? resources[ref] : undefined;
  if (authorizer?.Type !== 'AWS::ApiGatewayV2::Authorizer' || authorizer.Properties?.AuthorizerType !== 'JWT') {
    throw new Error(`route ${key}: its JWT authorizer is not in the template`);
  }
  const sources = authorizer.Properties.IdentitySource as unknown;
  const header =
    Array.isArray(sources) && sources.length === 1 ? /^\$request\.header\.(.+)$/.exec(String(sources[0])) : null;
  if (!header?.[1]) throw new Error(`route ${key}: the local edge reads one header as identity source`);
  return { type: 'jwt', identityHeader: header[1].toLowerCase() };
}
