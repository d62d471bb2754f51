import { Hono } from 'hono';
import { awsProofDeps } from '../../aws-adapters';
import type { AppEnv } from '../app-env';
import { appShell, finishApp, guardApi } from '../app-shell';
import { withCapabilities } from '../deps';
import { documentsIn } from './lambda-documents';
import { groupFunction, groupPorts, serveGroup } from './lambda-kit';
import { mountService } from './service';

/**
 * The service API group's function (route-groups.ts): its routes only, behind the bearer guard. The
 * one HTTP function with the checkpoints: proofs of service are checked against them and signed
 * (GET /v1/services/{id}/proof).
 */
const fn = groupFunction('service');
const deps = withCapabilities({ ...groupPorts(fn), ...documentsIn(fn), proof: awsProofDeps(fn.config) });
const app = appShell(new Hono<AppEnv>(), deps);
guardApi(app, deps);
mountService(app, deps);

export const handler = serveGroup(fn.telemetry, finishApp(app, deps));
