import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { listDisputes } from '../../../shared/use-cases/disputes/read-disputes';
import type { AppEnv } from '../app-env';
import {
  clearSession,
  cookieSecure,
  nowSeconds,
  openSession,
  sealerFor,
  sessionPrincipal,
  signInCookieName,
  writeSession,
} from '../auth/page-session';
import { authorizeUrlFor, newPendingSignIn, type PendingSignIn, sameOriginPath, signInPools } from '../auth/pkce';
import type { SignInSettings } from '../auth/sign-in-settings';
import { exchangeCode, revokeRefreshToken, TokenRequestRefused } from '../auth/token-client';
import type { HttpDeps } from '../deps';
import { myCasesPage, signedOutPage, signInRefusedPage } from '../pages/auth-pages';

/*
 * People's sign-in for the pages (DESIGN.md, Identity → Sign-in): the authorization code flow with
 * PKCE against the pool's managed login (Cognito's in AWS, the local issuer's on the embedded
 * stack). The same code runs in both places; only the endpoints in `SignInSettings` differ.
 */

/** The sign-in cookie lives while the visitor is at the sign-in pages, no longer. */
const signInSeconds = 10 * 60;
/** The sign-in cookie is sent back to /auth/callback only. */
const signInCookiePath = '/auth';

const pendingShape = z.object({
  pool: z.enum(signInPools as ['parties', 'staff']),
  verifier: z.string(),
  state: z.string(),
  nonce: z.string(),
  returnTo: z.string(),
});

const signInQuery = z.object({ pool: z.enum(['parties', 'staff']), return: z.string().optional() });
const callbackQuery = z.object({ code: z.string().min(1).max(2048), state: z.string().min(1).max(512) });

const again = (pool = 'parties') => `/auth/sign-in?pool=${pool}`;

export function redirectUriFor(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/auth/callback`;
}

function refused(c: Context, status: 400 | 404 | 502, zh: string, en: string, pool?: string) {
  return c.html(signInRefusedPage({ zh, en }, again(pool)), status);
}

export function authRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  const settings = deps.signIn;
  const redirectUri = redirectUriFor(deps.publicBaseUrl);
  const fetchFor = (s: SignInSettings) => s.fetch ?? ((request: Request) => fetch(request));

  app.get('/sign-in', (c) => {
    const query = signInQuery.safeParse(c.req.query());
    if (!query.success)
      return refused(c, 400, '请选择登录方式（pool=parties 或 staff）。', 'Choose pool=parties or pool=staff.');
    const pool = settings?.pools[query.data.pool];
    if (!settings || !pool) return refused(c, 404, '此登录方式未开通。', 'This sign-in is not configured.');
    const pending = newPendingSignIn(query.data.pool, sameOriginPath(query.data.return));
    setCookie(c, signInCookieName, sealerFor(settings).seal(signInCookieName, pending, nowSeconds() + signInSeconds), {
      path: signInCookiePath,
      httpOnly: true,
      secure: cookieSecure(c),
      sameSite: 'Lax',
      maxAge: signInSeconds,
    });
    return c.redirect(authorizeUrlFor(pending, pool, redirectUri), 302);
  });

  app.get('/callback', async (c) => {
    if (!settings) return refused(c, 404, '此登录方式未开通。', 'This sign-in is not configured.');
    const error = c.req.query('error');
    if (error) {
      return refused(
        c,
        400,
        `登录未完成（${error.slice(0, 60)}）。`,
        `The sign-in did not complete (${error.slice(0, 60)}).`,
      );
    }
    const pending = pendingShape.safeParse(
      sealerFor(settings).open(signInCookieName, getCookie(c, signInCookieName), nowSeconds()),
    );
    const query = callbackQuery.safeParse(c.req.query());
    // The state must be the one this browser was sent out with: otherwise the code is not ours to redeem
    // (a forged or swapped callback, RFC 6749 §10.12). Nothing is set and the code is not spent.
    if (!pending.success || !query.success || !statesMatch(pending.data, query.data.state)) {
      return refused(
        c,
        400,
        '登录请求无效或已过期（缺少或不匹配的 state）。请从本站重新登录。',
        'This sign-in request is invalid or has expired (state missing or not ours). Start again from this site.',
        pending.success ? pending.data.pool : undefined,
      );
    }
    const pool = settings.pools[pending.data.pool];
    if (!pool) return refused(c, 404, '此登录方式未开通。', 'This sign-in is not configured.');
    let tokens: Awaited<ReturnType<typeof exchangeCode>>;
    try {
      tokens = await exchangeCode(fetchFor(settings), pool, {
        code: query.data.code,
        verifier: pending.data.verifier,
        redirectUri,
      });
    } catch (cause) {
      if (cause instanceof TokenRequestRefused) {
        return refused(
          c,
          400,
          `登录链接已使用或已过期（${cause.error}）。请重新登录。`,
          `This sign-in was already used or has expired (${cause.error}). Please sign in again.`,
          pending.data.pool,
        );
      }
      deps.logger.error('token endpoint unreachable', { error: cause as Error });
      return refused(
        c,
        502,
        '登录服务暂不可用，请稍后再试。',
        'The sign-in service is unavailable; try again shortly.',
      );
    }
    const principal = await pool.authenticator.authenticate({ authorization: `Bearer ${tokens.accessToken}` });
    if (!principal || (pending.data.pool === 'parties' && principal.role !== 'party')) {
      return refused(
        c,
        400,
        '登录凭证无效。',
        'The sign-in returned a token this platform does not accept.',
        pending.data.pool,
      );
    }
    deleteCookie(c, signInCookieName, { path: signInCookiePath, secure: cookieSecure(c) });
    writeSession(c, settings, pending.data.pool, tokens);
    return c.redirect(pending.data.returnTo, 303);
  });

  app.get('/sign-out', async (c) => {
    const session = settings ? openSession(c, settings) : undefined;
    const pool = session && settings ? settings.pools[session.pool] : undefined;
    if (settings && pool && session?.refresh) {
      // Revoked first: the refresh token and the access tokens from it stop working at the issuer.
      await revokeRefreshToken(fetchFor(settings), pool, session.refresh).catch((error: unknown) =>
        deps.logger.warn('refresh token not revoked', { error: error as Error }),
      );
    }
    clearSession(c);
    return c.html(signedOutPage());
  });

  return app;
}

/** `GET /cases`: a signed-in party's disputes; without a session, to the parties' sign-in and back. */
export function myCasesRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const signedIn = deps.signIn ? await sessionPrincipal(c, deps.signIn) : undefined;
    if (!signedIn) return c.redirect(`/auth/sign-in?pool=parties&return=${encodeURIComponent('/cases')}`, 303);
    const page = await listDisputes(deps, signedIn.principal, { limit: 50 });
    return c.html(myCasesPage(page.items));
  });
  return app;
}

function statesMatch(pending: PendingSignIn, state: string): boolean {
  const expected = Buffer.from(pending.state);
  const given = Buffer.from(state);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
