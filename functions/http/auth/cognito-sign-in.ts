import { AccessTokenAuthenticator } from '../../../shared/adapters/identity/access-token-authenticator';
import type { Config } from '../../../shared/config/config';
import type { SignInPool } from './pkce';
import { managedLoginEndpoints, type PoolSignIn, type SignInSettings } from './sign-in-settings';

/**
 * The pages' sign-in in AWS: each pool's Cognito managed login, from the function's settings
 * (PARTY_USER_POOL_ID, PARTY_AUTH_DOMAIN, PARTY_CLIENT_ID and the STAFF_ ones). A pool's access
 * tokens are verified with aws-jwt-verify against that pool and its app client only.
 */
export function cognitoSignInSettings(
  config: Config,
  cookieKey: SignInSettings['cookieKey'],
  endedSessions?: SignInSettings['endedSessions'],
): SignInSettings | undefined {
  const pools: Partial<Record<SignInPool, PoolSignIn>> = {};
  const parties = poolFrom(config.PARTY_USER_POOL_ID, config.PARTY_AUTH_DOMAIN, config.PARTY_CLIENT_ID, true);
  const staff = poolFrom(config.STAFF_USER_POOL_ID, config.STAFF_AUTH_DOMAIN, config.STAFF_CLIENT_ID, false);
  if (parties) pools.parties = parties;
  if (staff) pools.staff = staff;
  return parties || staff ? { pools, cookieKey, ...(endedSessions ? { endedSessions } : {}) } : undefined;
}

function poolFrom(
  userPoolId: string | undefined,
  domain: string | undefined,
  clientId: string | undefined,
  /** The parties' pool: its tokens are parties' whatever their groups (self-signed-up, in no group). */
  parties: boolean,
): PoolSignIn | undefined {
  if (!userPoolId || !domain || !clientId) return undefined;
  return {
    ...managedLoginEndpoints(domain),
    clientId,
    authenticator: new AccessTokenAuthenticator(
      { kind: 'cognito', userPoolIds: [userPoolId] },
      { peopleClientIds: [clientId], ...(parties ? { partyClientIds: [clientId] } : {}) },
    ),
  };
}
