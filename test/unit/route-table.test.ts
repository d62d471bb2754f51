import { OpenAPIHono } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import type { AppEnv } from '../../functions/http/app-env';
import type { HttpDeps } from '../../functions/http/deps';
import { allowDeclaredRoles } from '../../functions/http/middleware/authentication';
import { errorToResponse } from '../../functions/http/problem';
import { gatewayPath, routeKey, routeTable } from '../../functions/http/route-table';
import { LocalIssuer } from '../../infra/local/local-issuer';
import { repositoriesOn } from '../../shared/adapters/dynamodb/repositories';
import { createLogger } from '../../shared/adapters/logging/logger';
import { roles } from '../../shared/domain/principal';
import type { ItemKey } from '../../shared/ports/table';

/**
 * The app with real local tokens and nothing else behind it: routes are enumerated and the role
 * check (which runs before any handler touches a store) is exercised; no request here gets further.
 */
function storeAnsweringOnlyGets() {
  const refuse = async () => Promise.reject(new Error('no store behind this test'));
  const table = {
    // Only a court client's claim is there (every one on an active court); any other item is absent,
    // as in a real store, so what is read while authenticating parses or is not found.
    get: async (key: ItemKey) =>
      key.pk.startsWith('COURT_CLIENT#') ? { key, version: 1, attributes: { courtId: 'crt_any' } } : undefined,
    getMany: refuse,
    listByIndex: refuse,
    listByPrefix: refuse,
  };
  return { ...table, ...repositoriesOn(table) };
}

async function appWithTokensOnly() {
  const tokens = await LocalIssuer.ephemeral();
  const deps = {
    authenticator: tokens.authenticator(),
    // Every court client is on the roster and active: the role check is what is exercised. A request
    // the role check lets through meets a store that answers nothing else (a 500, never a crash).
    store: new Proxy(storeAnsweringOnlyGets(), {
      get: (target, name) =>
        name in target
          ? target[name as keyof typeof target]
          : async () => Promise.reject(new Error('no store behind this test')),
    }),
    clock: { now: () => new Date() },
    logger: createLogger('route-table-test', 'CRITICAL'),
    publicBaseUrl: 'http://localhost:3000',
    health: {},
    proof: {},
  } as unknown as HttpDeps;
  return { app: createApp(deps), tokens };
}

/** `METHOD /path` of every handler the app serves (middleware is registered for `ALL`). */
function servedRoutes(app: ReturnType<typeof createApp>): string[] {
  const keys = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => routeKey({ method: route.method, path: gatewayPath(route.path) }));
  return [...new Set(keys)].sort();
}

describe('the route table', () => {
  let app: ReturnType<typeof createApp>;
  let tokens: LocalIssuer;
  beforeAll(async () => {
    ({ app, tokens } = await appWithTokensOnly());
  });

  it('declares exactly the routes the app serves', () => {
    const declared = routeTable.map(routeKey).sort();

    expect(servedRoutes(app)).toEqual(declared);
  });

  it('declares each route once', () => {
    const keys = routeTable.map(routeKey);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('puts every /v1 route, and only those, behind a bearer token (the app authenticates /v1/*)', () => {
    for (const route of routeTable) {
      expect(route.access === 'bearer', routeKey(route)).toBe(route.path.startsWith('/v1/'));
    }
  });

  it('gives every bearer route at least one role', () => {
    for (const route of routeTable) {
      if (route.access === 'bearer') expect(route.roles.length, routeKey(route)).toBeGreaterThan(0);
    }
  });

  it('lets the app refuse with 403 exactly the roles the table leaves out', async () => {
    for (const route of routeTable) {
      if (route.access !== 'bearer') continue;
      const path = route.path.replace(/\{[^}]+\}/g, 'x1');
      for (const role of roles) {
        const response = await app.request(path, {
          method: route.method,
          headers: {
            authorization: `Bearer ${await tokens.sign(role, `${role}-1`)}`,
            'content-type': 'application/json',
          },
          ...(route.method === 'GET' ? {} : { body: '{}' }),
        });
        const forbidden = response.status === 403;
        expect(forbidden, `${routeKey(route)} as ${role}: ${response.status}`).toBe(!route.roles.includes(role));
      }
    }
  });

  it('agrees with the roles each OpenAPI operation names in its description (clients read those)', async () => {
    const document = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { description?: string; security?: unknown[] }>>;
    };

    let compared = 0;
    for (const route of routeTable) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      if (operation === undefined) continue; // pages are not API operations
      compared += 1;
      // Roles named before "Other roles" / "Anyone else"; none named means any signed-in role.
      const head = operation.description?.split(/Other roles|Anyone else/)[0] ?? '';
      const named = roles.filter((role) => head.includes(`\`${role}\``));
      if (route.access === 'bearer') {
        expect(named.length > 0 ? named : [...roles], routeKey(route)).toEqual(
          roles.filter((role) => route.roles.includes(role)),
        );
        expect(operation.security, routeKey(route)).toEqual([{ bearer: [] }]);
      } else {
        expect(operation.security, routeKey(route)).toEqual([]);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(routeTable.filter((route) => route.access === 'bearer').length);
  });

  it('refuses (500) a /v1 route the table does not declare instead of serving it to every role', async () => {
    const undeclared = new OpenAPIHono<AppEnv>();
    undeclared.use(
      '/v1/*',
      async (c, next) => {
        c.set('principal', { role: 'party', subjectId: 'p-1' });
        await next();
      },
      allowDeclaredRoles,
    );
    undeclared.get('/v1/undeclared', (c) => c.text('served'));
    undeclared.onError((error, c) => errorToResponse(error, c, () => undefined));

    const response = await undeclared.request('/v1/undeclared');

    expect(response.status).toBe(500);
  });
});
