import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShell, finishApp, guardApi } from '../app-shell';
import { withCapabilities } from '../deps';
import { documentsIn } from './lambda-documents';
import { groupFunction, groupPorts, serveGroup } from './lambda-kit';
import { mountMediation } from './mediation';

/** The mediation API group's function (route-groups.ts): its routes only, behind the bearer guard, on the ports they use. */
const fn = groupFunction('mediation');
const deps = withCapabilities({ ...groupPorts(fn), ...documentsIn(fn) });
const app = appShell(new Hono<AppEnv>(), deps);
guardApi(app, deps);
mountMediation(app, deps);

export const handler = serveGroup(fn.telemetry, finishApp(app, deps));
