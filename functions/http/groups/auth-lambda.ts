import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShell, finishApp } from '../app-shell';
import { withCapabilities } from '../deps';
import { mountAuth } from './auth';
import { groupFunction, groupPorts, serveGroup } from './lambda-kit';

/** The auth group's function (route-groups.ts): its routes only, on the ports they use. */
const fn = groupFunction('auth');
const deps = withCapabilities({ ...groupPorts(fn) });
const app = appShell(new Hono<AppEnv>(), deps);
mountAuth(app, deps);

export const handler = serveGroup(fn.telemetry, finishApp(app, deps));
