import { createHash, randomBytes } from 'node:crypto';

/*
 * The browser side of the authorization code flow (RFC 6749 §4.1 with PKCE, RFC 7636): what the
 * app keeps while the browser is at the sign-in pages, and the checks when it comes back.
 */

/** RFC 7636 §4.1: 32 random octets, base64url, 43 characters (within the 43–128 allowed). */
export function newCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** RFC 7636 §4.2, S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export function codeChallengeFor(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A verifier as RFC 7636 §4.1 allows it: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const codeVerifierShape = /^[A-Za-z0-9\-._~]{43,128}$/;

/** What the app keeps (sealed, in a short-lived cookie) from sign-in to callback. */
export interface PendingSignIn {
  pool: SignInPool;
  verifier: string;
  /** Bound to this browser by the cookie: a callback with another state is someone else's. */
  state: string;
  nonce: string;
  returnTo: string;
}

export type SignInPool = 'parties' | 'staff';

export const signInPools: readonly SignInPool[] = ['parties', 'staff'];

export function newPendingSignIn(pool: SignInPool, returnTo: string): PendingSignIn {
  return {
    pool,
    verifier: newCodeVerifier(),
    state: randomBytes(24).toString('base64url'),
    nonce: randomBytes(24).toString('base64url'),
    returnTo,
  };
}

/** The authorize URL the browser is sent to (RFC 6749 §4.1.1, RFC 7636 §4.3). */
export function authorizeUrlFor(
  pending: PendingSignIn,
  endpoint: { authorizeUrl: string; clientId: string },
  redirectUri: string,
): string {
  const url = new URL(endpoint.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: endpoint.clientId,
    redirect_uri: redirectUri,
    scope: 'openid',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: codeChallengeFor(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

/**
 * Where to go after signing in: a path on this site only. Anything else (another origin, a
 * scheme-relative `//host`, a backslash that browsers read as a slash, control characters) gives
 * the fallback, so the callback can never be made to send a fresh session's browser elsewhere.
 */
export function sameOriginPath(value: string | undefined, fallback = '/cases'): string {
  if (!value || value.length > 512) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || [...value].some(unsafeInPath)) return fallback;
  const resolved = new URL(value, 'https://platform.invalid');
  // Dot segments resolve before the check above can see them: `/.//evil.example` becomes
  // `//evil.example`, which a browser reads as another host.
  if (resolved.origin !== 'https://platform.invalid' || resolved.pathname.startsWith('//')) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** A backslash (browsers read it as `/`) or a control character. */
function unsafeInPath(char: string): boolean {
  const code = char.charCodeAt(0);
  return char === '\\' || code < 0x20 || code === 0x7f;
}
