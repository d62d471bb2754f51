import { hkdfSync } from 'node:crypto';
import type { SignInSettings } from '../../functions/http/auth/sign-in-settings';
import { managedLoginEndpoints } from '../../functions/http/auth/sign-in-settings';
import { redirectUriFor, signedOutUriFor } from '../../functions/http/routes/auth';
import type { Roster } from '../../shared/ports/roster';
import { StaffAccountInOtherRole, type StaffAccounts, type StaffRole } from '../../shared/ports/staff-accounts';
import { type LocalIssuer, localPartiesClientId, localStaffClientId } from './local-issuer';
import type { LocalManagedLogin, ManagedLoginClient, StaffUserInput } from './local-managed-login';
import { demoApplicantSignIns } from './seed/demo-disputes';

/*
 * The pages' sign-in on the embedded stack: the same /auth routes as in AWS, pointed at the local
 * issuer's managed login instead of the Cognito pools' domains.
 */

export function localSignInClients(publicBaseUrl: string): ManagedLoginClient[] {
  const redirectUris = [redirectUriFor(publicBaseUrl)];
  const logoutUris = [signedOutUriFor(publicBaseUrl)];
  return [
    { clientId: localPartiesClientId, pool: 'parties', redirectUris, logoutUris },
    { clientId: localStaffClientId, pool: 'staff', redirectUris, logoutUris },
  ];
}

/**
 * @param fetch how the app reaches the token endpoint: `npm start` answers it in-process.
 * @param cookieSecret a local secret the session cookie key is derived from (HKDF, its own label),
 *   so the key survives restarts with `.data/` and needs no new entry in the secrets file.
 */
export function localSignInSettings(
  issuer: LocalIssuer,
  cookieSecret: Uint8Array,
  fetch?: (request: Request) => Promise<Response>,
  endedSessions?: SignInSettings['endedSessions'],
): SignInSettings {
  const endpoints = managedLoginEndpoints(issuer.issuer);
  const authenticator = issuer.authenticator();
  return {
    pools: {
      parties: { ...endpoints, clientId: localPartiesClientId, authenticator },
      staff: { ...endpoints, clientId: localStaffClientId, authenticator },
    },
    cookieKey: new Uint8Array(hkdfSync('sha256', cookieSecret, new Uint8Array(0), 'platform/session-cookie/v1', 32)),
    ...(fetch ? { fetch } : {}),
    ...(endedSessions ? { endedSessions } : {}),
  };
}

/**
 * The staff users `npm start` creates when they are missing (README, "Signing in locally"): an
 * operator and the first demo mediator, each with a password and a TOTP secret that are local
 * demo values, printed at start so they can be added to an authenticator app.
 */
const demoMediatorPassword = 'local-mediator-pass';
const demoMediatorTotpSecret = 'LOCALMEDIATORTOTPSECRET234567ABC';

export const localStaffSeed: readonly StaffUserInput[] = [
  {
    username: 'operator',
    password: 'local-operator-pass',
    groups: ['operator'],
    totpSecret: 'LOCALOPERATORTOTPSECRET2345677AB',
    sub: 'operator-001',
  },
  {
    username: 'mediator-001',
    password: demoMediatorPassword,
    groups: ['mediator'],
    totpSecret: demoMediatorTotpSecret,
    sub: 'mediator-001',
  },
];

/**
 * Every mediator on the roster (the demo's `mediator-002` …, and any an operator registers through
 * the API) signs in to the inbox as `mediator-001` does, its roster `subjectId` as the username, with
 * the same local password and TOTP secret: whichever mediator a dispute is offered to can answer it
 * on the pages. In AWS an operator creates each at the staff pool (docs/operations.md); here the
 * managed login creates the user at its first sign-in (`staffDirectory`), so `npm start` hashes no
 * passwords for them.
 */
export function rosterMediatorSignIns(
  roster: Pick<Roster, 'mediatorIdOfSubject'>,
): (username: string) => Promise<StaffUserInput | undefined> {
  return async (username) => {
    if (!username || !(await roster.mediatorIdOfSubject(username))) return undefined;
    return {
      username,
      password: demoMediatorPassword,
      groups: ['mediator'],
      totpSecret: demoMediatorTotpSecret,
      sub: username,
    };
  };
}

export async function seedLocalStaff(login: LocalManagedLogin): Promise<void> {
  for (const user of localStaffSeed) {
    if (!login.hasStaffUser(user.username)) await login.addStaffUser(user);
  }
}

/**
 * The demo applicants' mobiles and emails, each kept with the `party-00N` sign-in its dispute was
 * filed by (and which the seed links to the person): signing in with one of them shows that
 * person's case at once. A contact that signed in before keeps its own sign-in.
 */
export async function seedLocalParties(login: LocalManagedLogin): Promise<void> {
  for (const { contact, sub } of demoApplicantSignIns) await login.addPartyUser(contact, sub);
}

/**
 * Staff sign-ins the platform creates (an operator registering a mediator without a `subjectId`), on
 * the local managed login: the email is the username, with the local password and TOTP secret the
 * demo mediators share, sent to the person by the mail emulator as Cognito's invitation would be.
 */
const staffRoles: readonly string[] = ['mediator', 'operator'] satisfies StaffRole[];

export function localStaffAccounts(login: LocalManagedLogin): StaffAccounts {
  return {
    ensureAccount: async (email, role) => {
      const { sub, created, groups } = await login.inviteStaffUser(email, role, {
        password: demoMediatorPassword,
        totpSecret: demoMediatorTotpSecret,
      });
      const other = groups.find((group): group is StaffRole => group !== role && staffRoles.includes(group));
      if (other) throw new StaffAccountInOtherRole(other);
      return { subjectId: sub, created };
    },
  };
}
