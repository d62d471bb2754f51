import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../functions/http/app-env';
import type { HttpDeps } from '../../functions/http/deps';
import { mountAuth } from '../../functions/http/groups/auth';
import { mountConfirmation } from '../../functions/http/groups/confirmation';
import { mountLinks } from '../../functions/http/groups/links';
import { mountMediation } from '../../functions/http/groups/mediation';
import { mountParty } from '../../functions/http/groups/party';
import { mountPlatform } from '../../functions/http/groups/platform';
import { mountRoster } from '../../functions/http/groups/roster';
import { mountService } from '../../functions/http/groups/service';
import { mountStaff } from '../../functions/http/groups/staff';
import { type RouteGroupName, routeGroupOf, routeGroups } from '../../functions/http/route-groups';
import { gatewayPath, routeKey, routeTable } from '../../functions/http/route-table';
import { projectRoot } from '../support/project-root';

/**
 * The HTTP API's route groups (functions/http/route-groups.ts): each group's mount serves exactly the
 * routes the table gives that group, so the functions together serve every route once, and each
 * group's Lambda entry point mounts its own group and no other.
 */
const mounts: Record<RouteGroupName, (app: Hono<AppEnv>, deps: HttpDeps) => void> = {
  platform: (app: Hono<AppEnv>, deps: HttpDeps) =>
    mountPlatform(app, { health: deps.health, apiDocument: () => ({ info: { title: 'described', version: '1' } }) }),
  links: mountLinks,
  auth: mountAuth,
  party: mountParty,
  staff: mountStaff,
  roster: mountRoster,
  mediation: mountMediation,
  service: mountService,
  confirmation: mountConfirmation,
};

/** Building the routes reads no port: only the settings a few read while building. */
const buildingDeps = { publicBaseUrl: 'http://localhost:3000', health: {} } as unknown as HttpDeps;

function servedBy(group: RouteGroupName): string[] {
  const app = new Hono<AppEnv>();
  mounts[group](app, buildingDeps);
  const keys = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => routeKey({ method: route.method, path: gatewayPath(route.path) }));
  return [...new Set(keys)].sort();
}

describe('the route groups', () => {
  it.each(routeGroups.map((group) => group.name))(
    'mount the %s routes, exactly those the table gives the group',
    (group) => {
      const declared = routeTable
        .filter((route) => routeGroupOf(route).name === group)
        .map(routeKey)
        .sort();

      expect(declared.length, group).toBeGreaterThan(0);
      expect(servedBy(group)).toEqual(declared);
    },
  );

  it('serve every declared route from exactly one group', () => {
    const served = routeGroups.flatMap((group) => servedBy(group.name));

    expect(served.sort()).toEqual(routeTable.map(routeKey).sort());
  });

  it.each(routeGroups.map((group) => [group.name, group.entry] as const))(
    'give the %s routes an entry point (%s) that mounts that group and no other',
    async (group, entry) => {
      const source = await readFile(join(projectRoot, entry), 'utf8');
      // A group's mount is called on the app (platform) or handed to groupLambda (group-lambda.ts).
      const mounted = [...source.matchAll(/\bmount: mount([A-Z][a-z]+)\b|\bmount([A-Z][a-z]+)\(app/g)].map((match) =>
        (match[1] ?? match[2])?.toLowerCase(),
      );

      expect(mounted).toEqual([group]);
      expect(source).toMatch(new RegExp(`from '\\./${group}'`));
      expect(source).not.toMatch(/from '\.\.\/app'/);
    },
  );
});
