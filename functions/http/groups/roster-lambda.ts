import { Hono } from 'hono';
import { CognitoCourtCredentials } from '../../../shared/adapters/cognito/cognito-court-credentials';
import { courtScope } from '../../../shared/adapters/identity/cognito-claims';
import { requireSetting } from '../../../shared/config/config';
import type { AppEnv } from '../app-env';
import { appShell, finishApp, guardApi } from '../app-shell';
import { withCapabilities } from '../deps';
import { groupFunction, groupPorts, serveGroup } from './lambda-kit';
import { mountRoster } from './roster';

/**
 * The roster API group's function (route-groups.ts): its routes only, behind the bearer guard. The
 * one HTTP function with a Cognito client: operators issue courts' credentials at run time, as app
 * clients on the courts' pool (its only IAM grant there).
 */
const fn = groupFunction('roster');
const deps = withCapabilities({
  ...groupPorts(fn),
  courtCredentials: new CognitoCourtCredentials({
    clientConfig: { region: fn.config.AWS_REGION },
    userPoolId: requireSetting(fn.config, 'COURT_USER_POOL_ID'),
    scope: courtScope,
  }),
});
const app = appShell(new Hono<AppEnv>(), deps);
guardApi(app, deps);
mountRoster(app, deps);

export const handler = serveGroup(fn.telemetry, finishApp(app, deps));
