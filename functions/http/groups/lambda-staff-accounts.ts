import { CognitoStaffAccounts } from '../../../shared/adapters/cognito/cognito-staff-accounts';
import { requireSetting } from '../../../shared/config/config';
import type { HttpPorts } from '../deps';
import type { GroupFunction } from './lambda-kit';

/**
 * Staff sign-ins as users of the staff pool, for the groups whose routes register mediators (the
 * roster API and the operator's roster pages): an operator who registers a mediator without a
 * `subjectId` gets the account created and invited by Cognito.
 */
export function staffAccountsIn({ config }: GroupFunction): Pick<HttpPorts, 'staffAccounts'> {
  return {
    staffAccounts: new CognitoStaffAccounts({
      clientConfig: { region: config.AWS_REGION },
      userPoolId: requireSetting(config, 'STAFF_USER_POOL_ID'),
    }),
  };
}
