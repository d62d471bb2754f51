import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/*
 * The cookie and CSRF bits that the server-rendered pages share (the portal, the service centre;
 * the inbox keeps its own copy of the same design, described in routes/inbox.ts).
 *
 * Cookies are HttpOnly (no script reads them), SameSite=Strict (no other site makes the browser
 * send them), Secure whenever the request came over https, and scoped to the page's own path.
 * Every form POST carries a double-submit token: a random 256-bit value in a cookie and the same
 * value in a hidden field, compared in constant time.
 */

export type Form = Record<string, string>;

const csrfShape = /^[A-Za-z0-9_-]{43}$/;

export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function cookieOptions(c: Context, path: string, maxAge: number) {
  return { path, httpOnly: true, secure: isHttps(c), sameSite: 'Strict' as const, maxAge };
}

/**
 * A double-submit CSRF token under one cookie name and path, posted in the form field `field`
 * (`csrf` unless a page carries two tokens, as a signed-in page's sign-out form beside its own).
 */
export function csrfCookie(name: string, path: (c: Context) => string, maxAgeSeconds: number, field = 'csrf') {
  const renew = (c: Context): string => {
    const value = randomBytes(32).toString('base64url');
    setCookie(c, name, value, cookieOptions(c, path(c), maxAgeSeconds));
    return value;
  };
  return {
    /** The cookie's value, set now when the browser has none. */
    ensure(c: Context): string {
      const current = getCookie(c, name);
      return current && csrfShape.test(current) ? current : renew(c);
    },
    renew,
    matches(c: Context, form: Form): boolean {
      const cookie = getCookie(c, name) ?? '';
      const posted = form[field] ?? '';
      if (!csrfShape.test(cookie) || !csrfShape.test(posted)) return false;
      return timingSafeEqual(Buffer.from(cookie), Buffer.from(posted));
    },
  };
}

/** The sign-out form's token field: its own name, so it is never taken for the page's own form's. */
export const signOutCsrfField = 'signOutCsrf';

/**
 * The token of the party's sign-out form (POST /auth/sign-out), on every signed-in page: the cookie
 * is sent to the whole site (the form is in every page's header) and lives as long as a session, so
 * a page left open in another tab still signs out. Without it, a link or an image on any site could
 * sign a person out.
 */
export const signOutCsrf = csrfCookie('platform-sign-out-csrf', () => '/', 30 * 24 * 3600, signOutCsrfField);

/** The urlencoded or multipart form, strings only. */
export async function formOf(c: Context): Promise<Form> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(
    Object.entries(body).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
  );
}
