import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoStaffAccounts } from '../../shared/adapters/cognito/cognito-staff-accounts';
import { StaffAccountInOtherRole } from '../../shared/ports/staff-accounts';
import { startCognitoStandIn } from '../support/cognito-stand-in';

/**
 * The staff accounts adapter with the real SDK against a loopback stand-in for Cognito's API (no
 * Cognito runs here): users by email with a sub, groups, and Cognito's error for a taken username.
 */
describe('CognitoStaffAccounts (against a loopback stand-in for the Cognito API)', () => {
  const users = new Map<string, { sub: string; groups: Set<string> }>();
  let standIn: Awaited<ReturnType<typeof startCognitoStandIn>>;
  let accounts: CognitoStaffAccounts;

  beforeAll(async () => {
    standIn = await startCognitoStandIn(({ target, body }) => {
      const username = String(body.Username);
      const user = users.get(username);
      const attributes = (sub: string) => [
        { Name: 'sub', Value: sub },
        { Name: 'email', Value: username },
      ];
      if (target === 'AdminCreateUser') {
        if (user)
          return { error: 'UsernameExistsException', message: 'An account with the given email already exists.' };
        const sub = `0000000${users.size + 1}-1111-2222-3333-444444444444`;
        users.set(username, { sub, groups: new Set() });
        return { json: { User: { Username: sub, Attributes: attributes(sub), UserStatus: 'FORCE_CHANGE_PASSWORD' } } };
      }
      if (target === 'AdminGetUser') {
        return user
          ? { json: { Username: user.sub, UserAttributes: attributes(user.sub) } }
          : { error: 'UserNotFoundException', message: 'User does not exist.' };
      }
      if (target === 'AdminListGroupsForUser' && user) {
        return { json: { Groups: [...user.groups].map((GroupName) => ({ GroupName })) } };
      }
      if (target === 'AdminAddUserToGroup' && user) {
        user.groups.add(String(body.GroupName));
        return { json: {} };
      }
      return undefined;
    });
    accounts = new CognitoStaffAccounts({ clientConfig: standIn.clientConfig, userPoolId: 'ap-east-1_Staff1' });
  });
  afterAll(() => standIn.close());

  it('creates the user by email, verified and invited by email, and puts it in the role’s group', async () => {
    // Act
    const account = await accounts.ensureAccount('zhou.min@example.org', 'mediator');

    // Assess
    expect(account).toEqual({ subjectId: users.get('zhou.min@example.org')?.sub, created: true });
    expect(standIn.calls.map((call) => call.target)).toEqual(['AdminCreateUser', 'AdminAddUserToGroup']);
    expect(standIn.calls[0]?.body).toEqual({
      UserPoolId: 'ap-east-1_Staff1',
      Username: 'zhou.min@example.org',
      UserAttributes: [
        { Name: 'email', Value: 'zhou.min@example.org' },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect([...(users.get('zhou.min@example.org')?.groups ?? [])]).toEqual(['mediator']);
  });

  it('answers the existing user’s sub for an email that has an account (a retry creates nothing)', async () => {
    // Prepare
    const first = await accounts.ensureAccount('li.na@example.org', 'mediator');
    standIn.calls.length = 0;

    // Act
    const again = await accounts.ensureAccount('li.na@example.org', 'mediator');

    // Assess
    expect(again).toEqual({ subjectId: first.subjectId, created: false });
    expect(standIn.calls.map((call) => call.target)).toEqual([
      'AdminCreateUser',
      'AdminGetUser',
      'AdminListGroupsForUser',
      'AdminAddUserToGroup',
    ]);
    expect(users.size).toBe(2);
  });

  it('refuses an email whose user is in the operator group, and adds it to no other group', async () => {
    // Prepare
    await accounts.ensureAccount('chen.operator@example.org', 'operator');
    standIn.calls.length = 0;

    // Act
    const refused = accounts.ensureAccount('chen.operator@example.org', 'mediator');

    // Assess
    await expect(refused).rejects.toBeInstanceOf(StaffAccountInOtherRole);
    expect(standIn.calls.map((call) => call.target)).not.toContain('AdminAddUserToGroup');
    expect([...(users.get('chen.operator@example.org')?.groups ?? [])]).toEqual(['operator']);
  });
});
