import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DependencyUnavailable, RuleViolation, TooManyRequests } from '../../../shared/domain/errors';
import { maskPhone } from '../../../shared/domain/masking';
import type { Principal } from '../../../shared/domain/principal';
import {
  linkedSubject,
  linkJoinedPerson,
  linkSignIn,
  SignInAlreadyLinked,
} from '../../../shared/use-cases/people/sign-in-links';
import * as z from '../../../shared/validation/zod-mini';
import type { AppEnv } from '../app-env';
import {
  clearJoinedTicket,
  clearSession,
  cookieSecure,
  endSession,
  nowSeconds,
  openSession,
  readJoinedTicket,
  sealerFor,
  sessionPrincipal,
  signInCookieName,
  writeSession,
} from '../auth/page-session';
import { authorizeUrlFor, newPendingSignIn, type PendingSignIn, sameOriginPath, signInPools } from '../auth/pkce';
import type { SignInSettings } from '../auth/sign-in-settings';
import { exchangeCode, fetchUserInfo, revokeRefreshToken, TokenRequestRefused } from '../auth/token-client';
import type { HttpPorts } from '../deps';
import { linkPage, signedOutPage, signInRefusedPage, signOutPage } from '../pages/auth-pages';
import { beijingTime } from '../pages/kit/beijing-time';
import { csrfCookie, formOf, signOutCsrf } from '../pages/session-cookies';

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

const signInQuery = z.object({ pool: z.enum(['parties', 'staff']), return: z.optional(z.string()) });
const callbackQuery = z.object({
  code: z.string().check(z.minLength(1), z.maxLength(2048)),
  state: z.string().check(z.minLength(1), z.maxLength(512)),
});

/** The error codes an authorization server sends back to the redirect URI (RFC 6749 §4.1.2.1). */
const authorizationErrors = new Set([
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
]);

const again = (pool = 'parties') => `/auth/sign-in?pool=${pool}`;

export function redirectUriFor(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/auth/callback`;
}

/** Where the managed login's logout sends the browser back to (registered on each app client). */
export function signedOutUriFor(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/auth/signed-out`;
}

function refused(c: Context, status: 400 | 404 | 502, zh: string, en: string, pool?: string) {
  return c.html(signInRefusedPage({ zh, en }, again(pool)), status);
}

export function authRoutes(deps: HttpPorts) {
  const app = new Hono<AppEnv>();
  const settings = deps.signIn;
  const redirectUri = redirectUriFor(deps.publicBaseUrl);
  const fetchFor = (s: SignInSettings) => s.fetch ?? ((request: Request) => fetch(request));

  app.get('/sign-in', async (c) => {
    const query = signInQuery.safeParse(c.req.query());
    if (!query.success)
      return refused(c, 400, '请选择登录方式（pool=parties 或 staff）。', 'Choose pool=parties or pool=staff.');
    const pool = settings?.pools[query.data.pool];
    if (!settings || !pool) return refused(c, 404, '此登录方式未开通。', 'This sign-in is not configured.');
    const pending = newPendingSignIn(query.data.pool, sameOriginPath(query.data.return));
    setCookie(
      c,
      signInCookieName,
      (await sealerFor(settings)).seal(signInCookieName, pending, nowSeconds() + signInSeconds),
      {
        path: signInCookiePath,
        httpOnly: true,
        secure: cookieSecure(c),
        sameSite: 'Lax',
        maxAge: signInSeconds,
      },
    );
    return c.redirect(authorizeUrlFor(pending, pool, redirectUri), 302);
  });

  app.get('/callback', async (c) => {
    if (!settings) return refused(c, 404, '此登录方式未开通。', 'This sign-in is not configured.');
    const error = c.req.query('error');
    if (error !== undefined) {
      // Named only when it is one of the authorization server's codes: anything else in the link is
      // an outsider's text, which this page would otherwise show as the platform's own words.
      const code = authorizationErrors.has(error) ? `（${error}）` : '';
      return refused(
        c,
        400,
        `登录未完成${code}。请重新登录。`,
        `The sign-in did not complete${code ? ` (${error})` : ''}. Please sign in again.`,
      );
    }
    const pending = pendingShape.safeParse(
      (await sealerFor(settings)).open(signInCookieName, getCookie(c, signInCookieName), nowSeconds()),
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
    await writeSession(c, settings, pending.data.pool, tokens);
    // A party's first sign-in proves who it is before anything else (linking, below).
    if (pending.data.pool === 'parties' && !(await linkedSubject(deps.store, principal.subjectId))) {
      return c.redirect(`/auth/link?return=${encodeURIComponent(pending.data.returnTo)}`, 303);
    }
    return c.redirect(pending.data.returnTo, 303);
  });

  // Old links and bookmarks land on a page with the button: a GET never signs out.
  app.get('/sign-out', (c) => c.html(signOutPage(signOutCsrf.ensure(c))));

  // Signing out is a form with the double-submit token, as the staff areas' sign-out. A refused post
  // keeps the token as it is, so a forged post cannot make the page's own button stale either.
  app.post('/sign-out', async (c) => {
    if (!signOutCsrf.matches(c, await formOf(c))) return c.html(signOutPage(signOutCsrf.ensure(c), true), 403);
    const session = settings ? await openSession(c, settings) : undefined;
    const pool = session && settings ? settings.pools[session.pool] : undefined;
    if (settings && pool && session?.refresh) {
      // Revoked first: the refresh token and the access tokens from it stop working at the issuer.
      await revokeRefreshToken(fetchFor(settings), pool, session.refresh).catch((error: unknown) =>
        deps.logger.warn('refresh token not revoked', { error: error as Error }),
      );
    }
    if (settings) await endSession(c, settings, session);
    else clearSession(c);
    signOutCsrf.renew(c);
    if (!pool) return c.html(signedOutPage());
    // Then the managed login's own session ends too, and it sends the browser to /auth/signed-out.
    const logout = new URL(pool.logoutUrl);
    logout.searchParams.set('client_id', pool.clientId);
    logout.searchParams.set('logout_uri', signedOutUriFor(deps.publicBaseUrl));
    return c.redirect(logout.href, 303);
  });

  app.get('/signed-out', (c) => c.html(signedOutPage()));

  const linkCsrf = csrfCookie('platform-link-csrf', () => signInCookiePath, signInSeconds);
  const linkForm = z.strictObject({
    csrf: z.string(),
    return: z.optional(z.string()),
    idNumber: z.string().check(z.trim(), z.minLength(6), z.maxLength(40)),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  });
  const linkByInvitationForm = z.strictObject({
    csrf: z.string(),
    return: z.optional(z.string()),
    via: z.literal('invitation'),
  });

  app.get('/link', async (c) => {
    const returnTo = sameOriginPath(c.req.query('return'));
    const signedIn = settings ? await sessionPrincipal(c, settings) : undefined;
    if (signedIn?.pool !== 'parties') {
      return c.redirect(
        `/auth/sign-in?pool=parties&return=${encodeURIComponent(`/auth/link?return=${returnTo}`)}`,
        303,
      );
    }
    if (await linkedSubject(deps.store, signedIn.principal.subjectId)) return c.redirect(returnTo, 303);
    const mobile = await signedInMobile(c, deps);
    const joined = settings ? await readJoinedTicket(c, settings) : undefined;
    return c.html(
      linkPage({
        csrf: linkCsrf.ensure(c),
        returnTo,
        ...(mobile ? { maskedMobile: maskPhone(mobile) } : {}),
        ...(joined ? { joinedAs: joined.name } : {}),
      }),
    );
  });

  app.post('/link', async (c) => {
    const signedIn = settings ? await sessionPrincipal(c, settings) : undefined;
    if (signedIn?.pool !== 'parties') return c.redirect('/auth/sign-in?pool=parties&return=/auth/link', 303);
    const form = await formOf(c);
    const returnTo = sameOriginPath(form.return);
    const joined = form.via === 'invitation' && settings ? await readJoinedTicket(c, settings) : undefined;
    const parsed = joined ? linkByInvitationForm.safeParse(form) : linkForm.safeParse(form);
    const again = (status: 400 | 409 | 422 | 429 | 503, zh: string, en: string, headers?: Record<string, string>) =>
      c.html(linkPage({ csrf: linkCsrf.renew(c), returnTo }, { kind: 'error', zh, en }), status, headers);
    if (!linkCsrf.matches(c, form)) return again(400, '表单已过期，请重试。', 'This form has expired; try again.');
    if (!parsed.success) return again(400, '请填写身份证号和姓名。', 'Enter your ID number and name.');
    const mobile = await signedInMobile(c, deps);
    try {
      if (joined) {
        await linkJoinedPerson(deps, { sub: signedIn.principal.subjectId, signedInMobile: mobile, person: joined });
        clearJoinedTicket(c);
      } else if ('idNumber' in parsed.data) {
        await linkSignIn(deps, {
          sub: signedIn.principal.subjectId,
          signedInMobile: mobile,
          idNumber: parsed.data.idNumber,
          name: parsed.data.name,
        });
      }
    } catch (error) {
      if (error instanceof SignInAlreadyLinked) {
        return again(
          409,
          '此身份已与另一个登录账号关联。请用当初登录的手机号或邮箱登录；如已更换号码，请联系平台运营人员核验证件后转移。',
          'This person is already linked to another sign-in. Sign in with the mobile or email you used before; if that number is gone, ask an operator to check your ID document and move the link.',
        );
      }
      if (error instanceof RuleViolation) {
        return again(
          422,
          mobile
            ? '运营商未能确认该手机号登记在此身份证号和姓名下。请检查后重试，或联系运营人员核验证件。'
            : '请用您本人的手机号登录后再确认身份（邮箱登录无法向运营商核验）。',
          mobile
            ? 'The carrier did not confirm this mobile is registered to that ID number and name. Check and try again, or ask an operator to check your ID document.'
            : 'Sign in with your own mobile number to confirm who you are (an email sign-in cannot be checked with a carrier).',
        );
      }
      if (error instanceof TooManyRequests) {
        const at = beijingTime(String(error.details?.retryAt), 'en');
        return again(
          429,
          `身份核验次数过多，请于 ${beijingTime(String(error.details?.retryAt), 'zh')} 后再试，或联系运营人员核验证件。`,
          `Too many identity checks for this sign-in; try again after ${at}, or ask an operator to check your ID document.`,
          { 'retry-after': String(error.retryAfterSeconds) },
        );
      }
      if (error instanceof DependencyUnavailable) {
        return again(
          503,
          '身份核验服务暂不可用，请稍后再试。',
          'The identity check is unavailable; try again shortly.',
        );
      }
      throw error;
    }
    return c.redirect(returnTo, 303);
  });

  return app;
}

/** The mobile the session's sign-in proved (the pool's userinfo); undefined for an email sign-in. */
async function signedInMobile(c: Context, deps: HttpPorts): Promise<string | undefined> {
  const settings = deps.signIn;
  const session = settings ? await openSession(c, settings) : undefined;
  const pool = session && settings ? settings.pools[session.pool] : undefined;
  if (!settings || !session || !pool) return undefined;
  const info = await fetchUserInfo(settings.fetch ?? ((request: Request) => fetch(request)), pool, session.access);
  return info.verifiedMobile;
}

/**
 * The page visitor as the platform knows it: staff as their token says, a party as the person its
 * sign-in is linked to (`person:<hash>`); `unlinked` for a party who has not yet proved who it is.
 */
export async function pagePrincipal(c: Context, deps: HttpPorts): Promise<Principal | 'unlinked' | undefined> {
  const signedIn = deps.signIn ? await sessionPrincipal(c, deps.signIn) : undefined;
  if (!signedIn) return undefined;
  if (signedIn.pool !== 'parties') return signedIn.principal;
  const subjectId = await linkedSubject(deps.store, signedIn.principal.subjectId);
  return subjectId ? { role: 'party', subjectId } : 'unlinked';
}

/**
 * A party's own sign-in (`sub`) on the pages: the level it was linked to its person at is its
 * verified identity for its own acts (own-addresses.ts), as a party's token's is in the API.
 */
export async function pageSignInSub(c: Context, deps: HttpPorts): Promise<string | undefined> {
  const signedIn = deps.signIn ? await sessionPrincipal(c, deps.signIn) : undefined;
  return signedIn?.pool === 'parties' ? signedIn.principal.subjectId : undefined;
}

function statesMatch(pending: PendingSignIn, state: string): boolean {
  const expected = Buffer.from(pending.state);
  const given = Buffer.from(state);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
