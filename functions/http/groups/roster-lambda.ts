import { CognitoCourtCredentials } from '../../../shared/adapters/cognito/cognito-court-credentials';
import { courtScope } from '../../../shared/adapters/identity/cognito-claims';
import { requireSetting } from '../../../shared/config/config';
import { serveGroupApp } from './group-app';
import { groupFunction, groupPorts } from './lambda-kit';
import { staffAccountsIn } from './lambda-staff-accounts';
import { mountRoster } from './roster';

/**
 * The roster API group's function (route-groups.ts): its routes only, behind the bearer guard. Its
 * Cognito clients: operators issue courts' credentials at run time, as app clients on the courts'
 * pool, and create mediators' sign-ins on the staff pool (its only IAM grants there). Its routes use the ports alone, none of
 * the capabilities (deps.ts), so none is made (or bundled) here.
 */
const fn = groupFunction('roster');
const { config } = fn;
export const handler = serveGroupApp(
  fn,
  {
    ...groupPorts(fn),
    courtCredentials: new CognitoCourtCredentials({
      clientConfig: { region: config.AWS_REGION },
      userPoolId: requireSetting(config, 'COURT_USER_POOL_ID'),
      scope: courtScope,
    }),
    ...staffAccountsIn(fn),
  },
  { api: true, mount: mountRoster },
);
