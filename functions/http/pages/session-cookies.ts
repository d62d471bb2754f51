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

/** A double-submit CSRF token under one cookie name and path. */
export function csrfCookie(name: string, path: (c: Context) => string, maxAgeSeconds: number) {
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
      const field = form.csrf ?? '';
      if (!csrfShape.test(cookie) || !csrfShape.test(field)) return false;
      return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
    },
  };
}

/**
 * The token of the party's sign-out form (POST /auth/sign-out), on every signed-in page: the cookie
 * is sent to the whole site (the form is in every page's header) and lives as long as a session, so
 * a page left open in another tab still signs out. Without it, a link or an image on any site could
 * sign a person out.
 */
export const signOutCsrf = csrfCookie('platform-sign-out-csrf', () => '/', 30 * 24 * 3600);

/** The urlencoded or multipart form, strings only. */
export async function formOf(c: Context): Promise<Form> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(
    Object.entries(body).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
  );
}
