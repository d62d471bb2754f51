import { CognitoCourtCredentials } from '../../../shared/adapters/cognito/cognito-court-credentials';
import { courtScope } from '../../../shared/adapters/identity/cognito-claims';
import { requireSetting } from '../../../shared/config/config';
import { groupLambda } from './group-lambda';
import { mountRoster } from './roster';

/**
 * The roster API group's function (route-groups.ts): its routes only, behind the bearer guard. The
 * one HTTP function with a Cognito client: operators issue courts' credentials at run time, as app
 * clients on the courts' pool (its only IAM grant there).
 */
export const handler = groupLambda('roster', {
  api: true,
  mount: mountRoster,
  ports: ({ config }) => ({
    courtCredentials: new CognitoCourtCredentials({
      clientConfig: { region: config.AWS_REGION },
      userPoolId: requireSetting(config, 'COURT_USER_POOL_ID'),
      scope: courtScope,
    }),
  }),
});
