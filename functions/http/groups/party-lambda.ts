import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { appShell, finishApp } from '../app-shell';
import { withCapabilities } from '../deps';
import { documentsIn } from './lambda-documents';
import { groupFunction, groupPorts, serveGroup } from './lambda-kit';
import { mountParty } from './party';

/** The party group's function (route-groups.ts): its routes only, on the ports they use. */
const fn = groupFunction('party');
const deps = withCapabilities({ ...groupPorts(fn), ...documentsIn(fn) });
const app = appShell(new Hono<AppEnv>(), deps);
mountParty(app, deps);

export const handler = serveGroup(fn.telemetry, finishApp(app, deps));
