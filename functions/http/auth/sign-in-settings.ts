import type { Authenticator } from '../../../shared/ports/authenticator';
import type { EndedSessions } from '../../../shared/ports/ended-sessions';
import type { SignInPool } from './pkce';

/**
 * One user pool as the pages sign in through it: Cognito managed login's endpoints on the pool's
 * domain in AWS (`https://<domain>/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`, `/logout`), the local
 * issuer's on the embedded stack. The app client is public (no secret): the code is bound to the
 * browser by PKCE.
 */
export interface PoolSignIn {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /**
   * Ends the managed login's own session (Cognito's `/logout`), which would otherwise sign the next
   * person on a shared phone straight back in without a code; it then sends the browser back to a
   * logout URI registered on the app client.
   */
  logoutUrl: string;
  /** OpenID Connect userinfo (Cognito's `/oauth2/userInfo`): the signed-in mobile, for linking. */
  userInfoUrl: string;
  clientId: string;
  /** Verifies this pool's access tokens (aws-jwt-verify with the pool's issuer and JWKS). */
  authenticator: Authenticator;
}

export interface SignInSettings {
  /** The pools the pages sign people in through; a pool left out answers 404 at /auth/sign-in. */
  pools: Partial<Record<SignInPool, PoolSignIn>>;
  /**
   * 32 bytes: seals the sign-in and session cookies (AES-256-GCM). The same on every instance: in
   * Lambda derived once per instance from the KMS HMAC key (a promise), locally from a local secret.
   */
  cookieKey: Uint8Array | (() => Promise<Uint8Array>);
  /** How the app reaches the token and revoke endpoints; the global fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Sessions signed out: a copy of the cookie taken before sign-out opens nothing after it. Without
   * it, such a copy works until its access token expires (an hour at Cognito).
   */
  endedSessions?: EndedSessions;
}

/** A pool's managed-login endpoints from its domain (`https://auth.example.com` or the Cognito prefix domain). */
export function managedLoginEndpoints(
  domain: string,
): Pick<PoolSignIn, 'authorizeUrl' | 'tokenUrl' | 'revokeUrl' | 'userInfoUrl' | 'logoutUrl'> {
  const base = domain.replace(/\/$/, '');
  return {
    authorizeUrl: `${base}/oauth2/authorize`,
    tokenUrl: `${base}/oauth2/token`,
    revokeUrl: `${base}/oauth2/revoke`,
    userInfoUrl: `${base}/oauth2/userInfo`,
    logoutUrl: `${base}/logout`,
  };
}
