/**
 * Staff sign-ins: one account per mediator or operator at the identity provider, in its role's
 * group, created by the platform when an operator registers the person, so nobody creates it by
 * hand. In AWS a user of the staff pool, invited by email with a temporary password (the managed
 * login then asks for a new password and an authenticator app); locally a user of the local
 * managed login.
 */
export type StaffRole = 'mediator' | 'operator';

export interface StaffAccount {
  /** The account's subject (Cognito `sub`): what the roster names the person by. */
  subjectId: string;
  /** False when an account with this email already existed and was reused. */
  created: boolean;
}

/** The email's account is in another staff role's group: one person's sign-in holds one role. */
export class StaffAccountInOtherRole extends Error {
  constructor(readonly role: StaffRole) {
    super(`the staff account with this email is already a ${role}'s`);
  }
}

export interface StaffAccounts {
  /**
   * The account that signs in with `email`, in `role`'s group: created and invited when there is
   * none. Calling it again for the same email answers the same subject (a retry creates nothing).
   * An account in another role's group is left as it is: `StaffAccountInOtherRole`.
   */
  ensureAccount(email: string, role: StaffRole): Promise<StaffAccount>;
}
