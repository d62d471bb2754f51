import type { CognitoIdentityProviderClientConfig } from '@aws-sdk/client-cognito-identity-provider';
import {
  type StaffAccount,
  StaffAccountInOtherRole,
  type StaffAccounts,
  type StaffRole,
} from '../../ports/staff-accounts';
import { lazyCognitoAdmin } from './cognito-admin-client';

export interface CognitoStaffAccountsOptions {
  clientConfig: CognitoIdentityProviderClientConfig;
  /** The staff pool: email is the username, groups `mediator` and `operator` (infra/constructs/people-pools.ts). */
  userPoolId: string;
}

type Attributes = Array<{ Name?: string; Value?: string }> | undefined;

/**
 * Staff accounts as users of the staff pool. Cognito emails the invitation with a temporary password
 * itself; the address is marked verified because the operator who registers the person vouches for
 * it (a password reset goes there). An existing user with the same email is reused, so a retried
 * registration finds the account the first attempt created.
 */
export class CognitoStaffAccounts implements StaffAccounts {
  private readonly load: ReturnType<typeof lazyCognitoAdmin>;

  constructor(private readonly options: CognitoStaffAccountsOptions) {
    this.load = lazyCognitoAdmin(options.clientConfig);
  }

  async ensureAccount(email: string, role: StaffRole): Promise<StaffAccount> {
    const { module, client } = await this.load();
    const UserPoolId = this.options.userPoolId;
    let account: StaffAccount;
    try {
      const created = await client.send(
        new module.AdminCreateUserCommand({
          UserPoolId,
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      account = { subjectId: subOf(created.User?.Attributes), created: true };
    } catch (error) {
      if (!(error instanceof module.UsernameExistsException)) throw error;
      const existing = await client.send(new module.AdminGetUserCommand({ UserPoolId, Username: email }));
      account = { subjectId: subOf(existing.UserAttributes), created: false };
      const groups = await client.send(new module.AdminListGroupsForUserCommand({ UserPoolId, Username: email }));
      const other = groups.Groups?.map((group) => group.GroupName).find(
        (name): name is StaffRole => (name === 'mediator' || name === 'operator') && name !== role,
      );
      if (other) throw new StaffAccountInOtherRole(other);
    }
    // Adding a user to a group it is in already succeeds: a retry after a failure here completes it.
    await client.send(new module.AdminAddUserToGroupCommand({ UserPoolId, Username: email, GroupName: role }));
    return account;
  }
}

function subOf(attributes: Attributes): string {
  const sub = attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  if (!sub) throw new Error('Cognito answered a staff user without a sub');
  return sub;
}
