import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShell, finishApp, guardApi } from '../app-shell';
import { withCapabilities } from '../deps';
import { mountConfirmation } from './confirmation';
import { documentsIn } from './lambda-documents';
import { groupFunction, groupPorts, serveGroup } from './lambda-kit';

/** The confirmation API group's function (route-groups.ts): its routes only, behind the bearer guard, on the ports they use. */
const fn = groupFunction('confirmation');
const deps = withCapabilities({ ...groupPorts(fn), ...documentsIn(fn) });
const app = appShell(new Hono<AppEnv>(), deps);
guardApi(app, deps);
mountConfirmation(app, deps);

export const handler = serveGroup(fn.telemetry, finishApp(app, deps));
