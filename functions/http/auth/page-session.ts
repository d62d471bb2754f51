import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Principal } from '../../../shared/domain/principal';
import * as z from '../../../shared/validation/zod-mini';
import { type SignInPool, signInPools } from './pkce';
import { CookieSealer } from './sealed-cookie';
import type { SignInSettings } from './sign-in-settings';
import { refreshTokens, type TokenSet } from './token-client';

/*
 * The people's page session: the pool's access and refresh tokens, sealed in one cookie that no
 * script can read (HttpOnly) and no other site's form can make the browser send (SameSite=Lax lets
 * the top-level navigation back from the sign-in pages carry it). Secure everywhere but a plain-http
 * loopback address, where a browser would drop a Secure cookie.
 */

export const sessionCookieName = 'platform-session';
/**
 * The refresh token in a cookie of its own: Cognito's refresh token (a JWE of about 1.8 kB) and its
 * access token (about 1.1 kB) sealed together come to about 4 kB, the most a browser keeps in one cookie.
 */
export const refreshCookieName = 'platform-session-refresh';
export const signInCookieName = 'platform-sign-in';

/** Cognito's default refresh token validity; the cookie does not outlive it. */
const sessionSeconds = 30 * 24 * 3600;
/** Refreshed when this close to expiry, so a page never sends a token that expires on the way. */
const refreshMarginSeconds = 120;

const sessionShape = z.object({
  /**
   * The session's own random id, kept across refreshes: signing out records it as ended
   * (`SignInSettings.endedSessions`), so a copy of the cookie made before opens nothing after.
   */
  sid: z.string().check(z.minLength(16)),
  pool: z.enum(signInPools as [SignInPool, ...SignInPool[]]),
  access: z.string().check(z.minLength(1)),
  refresh: z.optional(z.string().check(z.minLength(1))),
  /** The access token's expiry, seconds since the epoch. */
  exp: z.number(),
});

const refreshShape = z.object({ pool: sessionShape.shape.pool, refresh: z.string().check(z.minLength(1)) });

export type PageSession = z.infer<typeof sessionShape>;

const sealers = new WeakMap<SignInSettings, Promise<CookieSealer>>();

/** The settings' sealer, its key read (or derived) once. */
export function sealerFor(settings: SignInSettings): Promise<CookieSealer> {
  let sealer = sealers.get(settings);
  if (!sealer) {
    const key = settings.cookieKey;
    sealer = (typeof key === 'function' ? key() : Promise.resolve(key)).then((bytes) => new CookieSealer(bytes));
    // A failed derivation is tried again at the next request rather than cached.
    sealer.catch(() => sealers.delete(settings));
    sealers.set(settings, sealer);
  }
  return sealer;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Secure unless the page is served over plain http on a loopback name (npm start, tests). */
export function cookieSecure(c: Context): boolean {
  const url = new URL(c.req.url);
  if (url.protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https') return true;
  return !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Writes the session cookies: a new session at sign-in, or the same one (`sid`) with refreshed tokens.
 */
export async function writeSession(
  c: Context,
  settings: SignInSettings,
  pool: SignInPool,
  tokens: TokenSet,
  sid: string = randomBytes(18).toString('base64url'),
) {
  const sealer = await sealerFor(settings);
  const options = {
    path: '/',
    httpOnly: true,
    secure: cookieSecure(c),
    sameSite: 'Lax' as const,
    maxAge: sessionSeconds,
  };
  const session = { sid, pool, access: tokens.accessToken, exp: nowSeconds() + tokens.expiresIn };
  setCookie(c, sessionCookieName, sealer.seal(sessionCookieName, session, nowSeconds() + sessionSeconds), options);
  // A refresh answer without a new refresh token (Cognito's, without rotation) leaves the one kept.
  if (tokens.refreshToken) {
    const refresh = { pool, refresh: tokens.refreshToken };
    setCookie(c, refreshCookieName, sealer.seal(refreshCookieName, refresh, nowSeconds() + sessionSeconds), options);
  }
}

/**
 * Signs the session out for good: records it as ended (every copy of its cookie opens nothing
 * from now on) and clears its cookies in this browser.
 */
export async function endSession(c: Context, settings: SignInSettings, session: PageSession | undefined) {
  if (session && settings.endedSessions) {
    await settings.endedSessions.end(session.sid, nowSeconds() + sessionSeconds);
  }
  clearSession(c);
}

export function clearSession(c: Context) {
  deleteCookie(c, sessionCookieName, { path: '/', secure: cookieSecure(c) });
  deleteCookie(c, refreshCookieName, { path: '/', secure: cookieSecure(c) });
}

/** The sealed session as the browser sent it (both cookies); undefined when absent, changed or expired. */
export async function openSession(c: Context, settings: SignInSettings): Promise<PageSession | undefined> {
  const sealer = await sealerFor(settings);
  const parsed = sessionShape.safeParse(sealer.open(sessionCookieName, getCookie(c, sessionCookieName), nowSeconds()));
  if (!parsed.success) return undefined;
  const refresh = refreshShape.safeParse(sealer.open(refreshCookieName, getCookie(c, refreshCookieName), nowSeconds()));
  // A refresh token from another pool's sign-in is not this session's.
  return refresh.success && refresh.data.pool === parsed.data.pool
    ? { ...parsed.data, refresh: refresh.data.refresh }
    : parsed.data;
}

/**
 * Who the page's visitor is: the session's access token, refreshed first when it is about to expire
 * (the new one is written back), then verified with the pool's aws-jwt-verify authenticator on every
 * request. A session that cannot be refreshed or verified is cleared: the visitor signs in again.
 */
export async function sessionPrincipal(
  c: Context,
  settings: SignInSettings,
): Promise<{ principal: Principal; pool: SignInPool } | undefined> {
  let session = await openSession(c, settings);
  if (!session) return undefined;
  const pool = settings.pools[session.pool];
  if (!pool) return undefined;
  if (await settings.endedSessions?.ended(session.sid)) {
    clearSession(c);
    return undefined;
  }
  if (session.exp - nowSeconds() < refreshMarginSeconds) {
    if (!session.refresh) {
      clearSession(c);
      return undefined;
    }
    try {
      const tokens = await refreshTokens(settings.fetch ?? fetch, pool, session.refresh);
      await writeSession(c, settings, session.pool, tokens, session.sid);
      session = { ...session, access: tokens.accessToken, exp: nowSeconds() + tokens.expiresIn };
    } catch {
      clearSession(c);
      return undefined;
    }
  }
  const principal = await pool.authenticator.authenticate({ authorization: `Bearer ${session.access}` });
  if (!principal || (session.pool === 'parties' && principal.role !== 'party')) {
    clearSession(c);
    return undefined;
  }
  return { principal, pool: session.pool };
}

/*
 * A respondent who has just joined (the invitation's code and ID digits proved on the join page)
 * carries that proof to its first sign-in in this browser: a sealed ticket naming the person, read
 * by /auth/link, which then needs only the carrier check. It names the person by hash, never by
 * ID number, and lasts half an hour.
 */
export const joinedTicketName = 'platform-joined';
const joinedTicketSeconds = 30 * 60;

const joinedShape = z.object({
  personHash: z.string().check(z.minLength(1)),
  kind: z.enum(['person', 'company']),
  name: z.string().check(z.minLength(1)),
});

export type JoinedTicket = z.infer<typeof joinedShape>;

export async function writeJoinedTicket(c: Context, settings: SignInSettings, person: JoinedTicket) {
  const sealed = (await sealerFor(settings)).seal(joinedTicketName, person, nowSeconds() + joinedTicketSeconds);
  setCookie(c, joinedTicketName, sealed, {
    path: '/auth',
    httpOnly: true,
    secure: cookieSecure(c),
    sameSite: 'Lax',
    maxAge: joinedTicketSeconds,
  });
}

export async function readJoinedTicket(c: Context, settings: SignInSettings): Promise<JoinedTicket | undefined> {
  const value = (await sealerFor(settings)).open(joinedTicketName, getCookie(c, joinedTicketName), nowSeconds());
  const parsed = joinedShape.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function clearJoinedTicket(c: Context) {
  deleteCookie(c, joinedTicketName, { path: '/auth', secure: cookieSecure(c) });
}

/**
 * The staff pages' visitor from the managed-login session (password and TOTP), when the platform
 * offers staff sign-in and the visitor signed in through the staff pool; undefined otherwise.
 */
export async function staffSessionPrincipal(
  c: Context,
  settings: SignInSettings | undefined,
): Promise<Principal | undefined> {
  if (!settings?.pools.staff) return undefined;
  const session = await sessionPrincipal(c, settings);
  return session?.pool === 'staff' ? session.principal : undefined;
}

/** Where a staff page sends its visitor to sign in with managed login, and back. */
export function staffSignInHref(settings: SignInSettings | undefined, returnTo: string): string | undefined {
  return settings?.pools.staff ? `/auth/sign-in?pool=staff&return=${encodeURIComponent(returnTo)}` : undefined;
}
