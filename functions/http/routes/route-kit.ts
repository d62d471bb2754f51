import { createRoute, OpenAPIHono, type RouteConfig, type RouteHandler, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { roles as everyRole, type Role } from '../../../shared/domain/principal';
import type { AppEnv } from '../app-env';
import { declaredRoute, type RouteDeclaration } from '../route-table';
import { validationHook } from '../validation-hook';
import { IdempotencyHeaderSchema, LocationHeaderSchema, type ProblemStatus, problemResponses } from './schemas';

/**
 * The one router factory of the API (DESIGN.md, "API (v1)"). A route file declares only what is its
 * own: each operation's method, path, operationId, summary, request and successes, what each role
 * may reach, and the problems only its rules raise. The factory adds what reads the same everywhere,
 * so a typed client can trust every operation alike:
 * - who may call it, taken from the route table (route-table.ts), never retyped: the description
 *   starts `Roles: …`, and an operation the table does not declare fails at start-up, not at the
 *   first request;
 * - the problems its shape implies (see `impliedProblems`), all `application/problem+json`;
 * - on every mutation behind the token the `Idempotency-Key` header the idempotency middleware honours;
 * - the resource's tag, and the 400 problem naming each field of a request that breaks its schema.
 */

/** The tags of the served document (app.ts describes each). */
export type Tag =
  | 'platform'
  | 'roster'
  | 'mediation'
  | 'offers'
  | 'settlements'
  | 'confirmation'
  | 'service'
  | 'operations';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface OperationSpec {
  /** camelCase and unique in the document: the name a generated client gives the call. */
  operationId: string;
  summary: string;
  /**
   * What a role the route table allows may reach, where that is narrower than everything:
   * `{ party: 'its parties', mediator: 'its mediator' }`. Naming a role the table does not allow
   * fails at start-up.
   */
  roles?: Partial<Record<Role, string>>;
  /** What else a caller meets, written after the roles: object-level 404s, rule codes, how to use the answer. */
  notes?: string;
  request?: RouteConfig['request'];
  /** The successes, each with its schema (`json`, `created`), and any answer that is no problem (health's 503). */
  responses: RouteConfig['responses'];
  /**
   * Problems beyond the implied ones: 422 when a rule may say no, 429 for an allowance, 503 for a
   * provider, 404 for an object the path does not name.
   */
  problems?: readonly ProblemStatus[];
}

/** Nothing: a request part the route does not have. */
type None = Record<never, never>;

type RequestOf<S extends OperationSpec> = S extends { request: infer R extends object } ? R : None;

/**
 * The route as zod-openapi types the handler from it: the spec's own request and responses. (The
 * Idempotency-Key the factory adds is the idempotency middleware's business, never the handler's.)
 */
export type OperationRoute<M extends Method, P extends string, S extends OperationSpec> = {
  method: M;
  path: P;
  request: RequestOf<S>;
  responses: S['responses'];
};

/** A resource's sub-app, mounted at `mount` by app.ts: operations are added with `operation()`. */
export class RouteGroup extends OpenAPIHono<AppEnv> {
  readonly #mountPath: string;
  readonly #tag: Tag;

  constructor(mountPath: string, tag: Tag) {
    // A request that breaks its schema is answered with a 400 problem naming each field.
    super({ defaultHook: validationHook });
    this.#mountPath = mountPath;
    this.#tag = tag;
  }

  /** Declares one operation and its handler (written inline: the handler's types follow the spec). */
  operation<M extends Method, P extends string, S extends OperationSpec>(
    method: M,
    path: P,
    spec: S,
    handler: RouteHandler<OperationRoute<M, P, S>, AppEnv>,
  ): this {
    const fullPath = joinPath(this.#mountPath, path);
    const declaration = declaredRoute(method.toUpperCase(), fullPath);
    if (!declaration) {
      throw new Error(`${method.toUpperCase()} ${fullPath} (${spec.operationId}) is not declared in route-table.ts`);
    }
    const request = retryable(declaration, method) ? withIdempotencyKey(spec) : spec.request;
    const route = createRoute({
      method,
      path,
      operationId: spec.operationId,
      tags: [this.#tag],
      summary: spec.summary,
      description: describeAccess(declaration, spec),
      ...(request ? { request } : {}),
      responses: {
        ...spec.responses,
        ...problemResponses(...impliedProblems(declaration, method, path, spec)),
        ...(declaration.access === 'bearer' ? {} : { 429: throttledResponse }),
      },
    });
    // The route's types are OperationRoute's by construction; zod-openapi cannot follow the spread above.
    this.openapi(route, handler as never);
    return this;
  }
}

/** A resource's operations, mounted at `mount` (the same path app.ts passes to `app.route`). */
export const routeGroup = (mount: string, tag: Tag) => new RouteGroup(mount, tag);

/** A mutation behind the token: the idempotency middleware (on /v1) replays its answer to a retry with the same key. */
function retryable(declaration: RouteDeclaration, method: Method): boolean {
  return declaration.access === 'bearer' && method !== 'get';
}

/** The spec's request with the `Idempotency-Key` header beside any header of its own. */
function withIdempotencyKey(spec: OperationSpec): RouteConfig['request'] {
  const own = spec.request?.headers;
  if (own !== undefined && !(own instanceof z.ZodObject)) {
    throw new Error(`${spec.operationId}: request headers must be one zod object, to sit beside the Idempotency-Key`);
  }
  return { ...spec.request, headers: own ? IdempotencyHeaderSchema.extend(own.shape) : IdempotencyHeaderSchema };
}

/**
 * The problems an operation's shape implies, with the ones it names:
 * - 400: a request part to break (path, query, body, or the Idempotency-Key), and every bearer route;
 * - 401: a bearer route without a valid token; 403: a role the route table does not allow;
 * - 404: an object the path names that does not exist or that the caller may not see;
 * - 409: a mutation behind the token, whose Idempotency-Key may be reused with another request, lose a race, or find its work done by an earlier run;
 * - 413 and 415: a body too large, or not JSON.
 */
function impliedProblems(
  declaration: RouteDeclaration,
  method: Method,
  path: string,
  spec: OperationSpec,
): ProblemStatus[] {
  const bearer = declaration.access === 'bearer';
  const request = spec.request ?? {};
  const implied: Array<[ProblemStatus, boolean]> = [
    [400, bearer || Object.keys(request).length > 0],
    [401, bearer],
    [403, bearer && !allowsEveryRole(declaration)],
    [404, path.includes('{')],
    [409, retryable(declaration, method)],
    [413, request.body !== undefined],
    [415, request.body !== undefined],
  ];
  const statuses = new Set([
    ...implied.filter(([, applies]) => applies).map(([status]) => status),
    ...(spec.problems ?? []),
  ]);
  return [...statuses].sort((a, b) => a - b);
}

function allowsEveryRole(declaration: RouteDeclaration): boolean {
  return declaration.access === 'bearer' && everyRole.every((role) => declaration.roles.includes(role));
}

/**
 * `Roles: …` from the route table, each role with what it may reach; then `Other roles: 403.` when
 * some role may not call the route; then the spec's notes. The fuzz test reads the allowed roles
 * back from the text before "Other roles".
 */
function describeAccess(declaration: RouteDeclaration, spec: OperationSpec): string {
  const notes = spec.notes ? ` ${spec.notes}` : '';
  if (declaration.access !== 'bearer') return `Roles: anyone; no token needed.${notes}`;
  const reach = spec.roles ?? {};
  for (const role of Object.keys(reach)) {
    if (!declaration.roles.includes(role as Role)) {
      throw new Error(`${spec.operationId}: route-table.ts does not allow the role \`${role}\` it describes`);
    }
  }
  const named = declaration.roles.map((role) => (reach[role] ? `\`${role}\` (${reach[role]})` : `\`${role}\``));
  if (allowsEveryRole(declaration)) {
    const list = Object.keys(reach).length === 0 ? `any signed-in role (${named.join(', ')})` : sentenceList(named);
    return `Roles: ${list}.${notes}`;
  }
  return `Roles: ${sentenceList(named)}. Other roles: 403.${notes}`;
}

/** `a`, `a and b`, `a, b and c`. */
function sentenceList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `/v1/courts` + `/` is `/v1/courts`; + `/{id}` is `/v1/courts/{id}`. */
function joinPath(mount: string, path: string): string {
  return path === '/' ? mount : `${mount}${path}`;
}

/** A response with a JSON body. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** A 201: the new resource as JSON, and its path in `Location`. */
export const created = <T extends z.ZodType>(schema: T, description: string) => ({
  ...json(schema, description),
  headers: LocationHeaderSchema,
});

/**
 * An answer that shows a secret once (a court's client secret, a webhook signing secret): never
 * cached (`no-store`), and never kept for an `Idempotency-Key` replay (the idempotency middleware
 * answers a retry 409 `secret_shown_once` instead).
 */
export function secretAnswer<C extends Context<AppEnv>, T, S extends 200 | 201>(
  c: C,
  body: T,
  status: S,
  headers: Record<string, string> = {},
) {
  c.set('answerCarriesSecret', true);
  return c.json(body, status, { ...headers, 'cache-control': 'no-store', pragma: 'no-cache' });
}

/**
 * A public route's 429: the API stage throttles every route, public ones included, and in AWS API
 * Gateway answers before the app (its own body, not problem+json).
 */
export const throttledResponse = json(
  z.object({ message: z.string() }).openapi('Throttled'),
  'too many requests: the API stage throttles every route, this one included (in AWS, API Gateway answers before the app)',
);
