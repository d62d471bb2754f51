import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShell, finishApp } from '../app-shell';
import { withCapabilities } from '../deps';
import { documentsIn } from './lambda-documents';
import { groupFunction, groupPorts, serveGroup } from './lambda-kit';
import { mountStaff } from './staff';

/** The staff group's function (route-groups.ts): its routes only, on the ports they use. */
const fn = groupFunction('staff');
const deps = withCapabilities({ ...groupPorts(fn), ...documentsIn(fn) });
const app = appShell(new Hono<AppEnv>(), deps);
mountStaff(app, deps);

export const handler = serveGroup(fn.telemetry, finishApp(app, deps));
