import { CognitoCourtCredentials } from '../../../shared/adapters/cognito/cognito-court-credentials';
import { CognitoStaffAccounts } from '../../../shared/adapters/cognito/cognito-staff-accounts';
import { courtScope } from '../../../shared/adapters/identity/cognito-claims';
import { requireSetting } from '../../../shared/config/config';
import type { HttpPorts } from '../deps';
import type { GroupFunction } from './lambda-kit';

/**
 * The Cognito ports of the groups whose routes keep the roster (the roster API, and the operator's
 * roster pages in the staff group): courts' credentials as app clients on the courts' pool, and
 * mediators' sign-ins as users of the staff pool (an operator who registers a mediator without a
 * `subjectId` gets the account created and invited by Cognito). Both load the SDK at first use.
 */
export function rosterAdminIn({ config }: GroupFunction): Pick<HttpPorts, 'courtCredentials' | 'staffAccounts'> {
  return {
    courtCredentials: new CognitoCourtCredentials({
      clientConfig: { region: config.AWS_REGION },
      userPoolId: requireSetting(config, 'COURT_USER_POOL_ID'),
      scope: courtScope,
    }),
    staffAccounts: new CognitoStaffAccounts({
      clientConfig: { region: config.AWS_REGION },
      userPoolId: requireSetting(config, 'STAFF_USER_POOL_ID'),
    }),
  };
}
