import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { isDomainError } from '../../../shared/domain/errors';
import type { Dispute } from '../../../shared/domain/mediation/dispute';
import type { Principal } from '../../../shared/domain/principal';
import { closeMediation, failureReasons } from '../../../shared/use-cases/disputes/close-mediation';
import { listDisputes } from '../../../shared/use-cases/disputes/read-disputes';
import { acceptOffer, declineOffer } from '../../../shared/use-cases/offers/answer-offer';
import { listMyOffers } from '../../../shared/use-cases/offers/list-my-offers';
import { getMediator, listMediators } from '../../../shared/use-cases/roster/read-roster';
import type { AppEnv } from '../app-env';
import { staffSessionPrincipal, staffSignInHref } from '../auth/page-session';
import type { HttpDeps } from '../deps';
import { type DoneMessage, doneMessages } from '../pages/inbox-labels';
import { inboxMessagePage } from '../pages/inbox-message-page';
import { inboxPage } from '../pages/inbox-page';
import { signInPage } from '../pages/inbox-sign-in-page';
import { signInFormSchema, tokenShape } from '../pages/session-cookies';
import { statusOf } from '../problem';
import { text } from './schemas';

/*
 * Sign-in and CSRF design of the mediator inbox.
 *
 * Session. The page holds the mediator's bearer token (the same JWT the API takes) in the cookie
 * `inbox_session`: HttpOnly (no script can read it), SameSite=Strict (no other site can make the
 * browser send it), Secure whenever the request came over https, Path=/inbox (the API never sees
 * it: /v1 keeps taking only an Authorization header, so a cookie can never authorize an API call).
 * Every request verifies the token again with `deps.authenticator` (expiry, signature, role): there is
 * no server-side session to revoke or to keep. Only the mediator role may use the inbox; anyone
 * else gets a 403 page, and a token that no longer verifies shows the sign-in page again.
 * SameSite=Strict has one cost: following the link in an offer notice (a cross-site navigation)
 * arrives without the cookie, so the mediator sees the sign-in page once and then the inbox.
 *
 * Signing in, POST /inbox/sign-in. Locally the page lists the roster's mediators to pick from when
 * `deps.issueLocalToken` exists (the embedded runtime's stand-in for Cognito), and always accepts a
 * pasted token (`npm run token -- mediator <sub>`). In AWS the sign-in link goes to the Cognito user
 * pool's hosted UI, `https://<domain>.auth.<region>.amazoncognito.com/oauth2/authorize?
 * response_type=code&client_id=<inbox client>&scope=openid&redirect_uri=<PUBLIC_BASE_URL>/inbox/callback`
 * with a `state` bound to the CSRF cookie; the callback exchanges the code at /oauth2/token
 * (authorization code with PKCE) and sets the same cookie with the access token. That callback is not
 * built yet, and neither is an Authenticator that verifies a cookie's token in Lambda (there the
 * API Gateway authorizer verifies only the Authorization header of /v1 routes): until both exist the
 * inbox in AWS shows the token form only.
 *
 * CSRF. Every form POST carries a double-submit token: a random 256-bit value in the HttpOnly,
 * SameSite=Strict cookie `inbox_csrf` (set by any GET of the inbox that finds none) and the same
 * value in a hidden field, compared in constant time; a mismatch is a 403 page and changes nothing.
 * The value is renewed at sign-in and sign-out, so a token planted before sign-in is worthless after.
 */

const sessionCookie = 'inbox_session';
const csrfCookie = 'inbox_csrf';
const sessionSeconds = 12 * 3600;
const csrfShape = /^[A-Za-z0-9_-]{43}$/;

const signInSchema = signInFormSchema('mediatorId');

const declineSchema = z
  .object({
    csrf: z.string(),
    reason: text({ min: 2, max: 500, multiline: true, label: { zh: '拒绝理由', en: 'the reason for declining' } }),
  })
  .strict();

const outcomeSchema = z
  .object({
    csrf: z.string(),
    kind: z.enum(['failed', 'withdrawn']),
    reason: z.enum(failureReasons),
    referralSummary: text({
      max: 4000,
      multiline: true,
      label: { zh: '转介摘要', en: 'the referral summary' },
    }).optional(),
  })
  .strict();

const doneSchema = z.enum(Object.keys(doneMessages) as [DoneMessage, ...DoneMessage[]]).optional();

type InboxContext = Context<AppEnv>;
type Form = Record<string, string>;

/**
 * The mediator inbox (GET /inbox and its forms): offers with a masked summary and a countdown,
 * accept or decline with a reason, the cases the mediator holds and their outcome. Server-rendered,
 * Chinese and English, usable on a phone; each form calls the same use case as the API.
 */
export function inboxRoutes(deps: HttpDeps) {
  // Headers, CSP with the countdown script's nonce, and the origin check: pageSecurity (app.ts).
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const csrf = ensureCsrf(c);
    const principal = await sessionPrincipal(c);
    if (!principal) return showSignIn(c, csrf);
    if (principal.role !== 'mediator') return notAMediator(c, csrf);
    const done = doneSchema.safeParse(c.req.query('done'));
    return renderInbox(c, principal, csrf, { ...(done.success && done.data ? { done: done.data } : {}) });
  });

  app.post('/sign-in', async (c) => {
    const form = await formOf(c);
    if (!csrfMatches(c, form)) return csrfFailed(c);
    const parsed = signInSchema.safeParse(form);
    if (!parsed.success) {
      return showSignIn(c, ensureCsrf(c), [parsed.error.issues[0]?.message ?? 'invalid form'], 400);
    }
    let token: string;
    if ('mediatorId' in parsed.data) {
      if (!deps.issueLocalToken) return showSignIn(c, ensureCsrf(c), ['请粘贴访问令牌 / paste an access token'], 400);
      try {
        const mediator = await getMediator(deps, parsed.data.mediatorId);
        token = await deps.issueLocalToken('mediator', mediator.subjectId);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return showSignIn(c, ensureCsrf(c), [error.message], statusOf(error));
      }
    } else {
      token = parsed.data.token;
    }
    const principal = await deps.authenticator.authenticate({ authorization: `Bearer ${token}` });
    if (!principal) {
      return showSignIn(c, ensureCsrf(c), ['令牌无效或已过期 / the token is invalid or has expired'], 401);
    }
    if (principal.role !== 'mediator') return notAMediator(c, ensureCsrf(c), false);
    setCookie(c, sessionCookie, token, cookieOptions(c, sessionSeconds));
    renewCsrf(c);
    return c.redirect('/inbox?done=signed_in', 303);
  });

  app.post('/sign-out', async (c) => {
    const form = await formOf(c);
    if (!csrfMatches(c, form)) return csrfFailed(c);
    deleteCookie(c, sessionCookie, cookieOptions(c, 0));
    renewCsrf(c);
    return c.redirect('/inbox', 303);
  });

  app.post('/offers/:id/accept', (c) =>
    asMediator(c, async (principal) => {
      await acceptOffer(deps, principal, c.req.param('id'));
      return 'accepted';
    }),
  );

  app.post('/offers/:id/decline', (c) =>
    asMediator(c, async (principal, form) => {
      const parsed = declineSchema.safeParse(form);
      if (!parsed.success) return parsed.error.issues.map((issue) => issue.message);
      await declineOffer(deps, principal, c.req.param('id'), parsed.data.reason);
      return 'declined';
    }),
  );

  app.post('/disputes/:id/outcome', (c) =>
    asMediator(c, async (principal, form) => {
      const parsed = outcomeSchema.safeParse(Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '')));
      if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      const { kind, reason, referralSummary } = parsed.data;
      await closeMediation(deps, principal, c.req.param('id'), {
        kind,
        reason,
        ...(referralSummary ? { referralSummary } : {}),
      });
      return 'closed';
    }),
  );

  /**
   * A form of the signed-in mediator: CSRF first, then the session, then the action. The action
   * answers what to say after the redirect, or the problems with the form (400); a domain error is
   * shown on the inbox with its status (404, 409, 422), and nothing has changed.
   */
  async function asMediator(
    c: InboxContext,
    action: (principal: Principal, form: Form) => Promise<DoneMessage | string[]>,
  ): Promise<Response> {
    const form = await formOf(c);
    if (!csrfMatches(c, form)) return csrfFailed(c);
    const csrf = ensureCsrf(c);
    const principal = await sessionPrincipal(c);
    if (!principal) {
      return c.html(
        inboxMessagePage({
          title: '请先登录 / Please sign in',
          message: '登录已失效，请重新登录 / Your sign-in has ended: sign in again',
        }),
        401,
      );
    }
    if (principal.role !== 'mediator') return notAMediator(c, csrf);
    try {
      const outcome = await action(principal, form);
      if (typeof outcome === 'string') return c.redirect(`/inbox?done=${outcome}`, 303);
      return renderInbox(c, principal, csrf, { problems: outcome }, 400);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return renderInbox(c, principal, csrf, { problems: [error.message] }, statusOf(error));
    }
  }

  async function renderInbox(
    c: InboxContext,
    principal: Principal,
    csrf: string,
    extra: { done?: DoneMessage; problems?: string[] },
    status = 200,
  ): Promise<Response> {
    const [offers, activeCases] = await Promise.all([
      listMyOffers(deps, principal, { status: 'open' }),
      casesInMediation(principal),
    ]);
    const nonce = c.get('secureHeadersNonce') ?? '';
    return c.html(
      inboxPage({ subjectId: principal.subjectId, offers, activeCases, now: deps.clock.now(), csrf, nonce, ...extra }),
      status as ContentfulStatusCode,
    );
  }

  /** "My active cases": the mediator's disputes still in mediation, through all their memberships. */
  async function casesInMediation(principal: Principal): Promise<Dispute[]> {
    const cases: Dispute[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDisputes(deps, principal, {
        limit: 100,
        status: 'in_mediation',
        ...(cursor ? { cursor } : {}),
      });
      cases.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return cases.sort((a, b) => a.mediationDeadline.endsAt.localeCompare(b.mediationDeadline.endsAt));
  }

  async function showSignIn(c: InboxContext, csrf: string, problems: string[] = [], status = 200) {
    const mediators = deps.issueLocalToken
      ? (await listMediators(deps, { limit: 100 })).items.map(({ id, name }) => ({ id, name }))
      : undefined;
    const managed = staffSignInHref(deps.signIn, '/inbox');
    return c.html(
      signInPage({
        csrf,
        problems,
        ...(mediators ? { mediators } : {}),
        ...(managed ? { managedSignIn: managed } : {}),
      }),
      status as ContentfulStatusCode,
    );
  }

  /** The managed-login staff session first; else the inbox's own token cookie. */
  async function sessionPrincipal(c: InboxContext): Promise<Principal | undefined> {
    const staff = await staffSessionPrincipal(c, deps.signIn);
    if (staff) return staff;
    const token = getCookie(c, sessionCookie);
    if (!token || !tokenShape.test(token)) return undefined;
    return deps.authenticator.authenticate({ authorization: `Bearer ${token}` });
  }

  return app;
}

function isHttps(c: InboxContext): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

function cookieOptions(c: InboxContext, maxAge: number) {
  return { path: '/inbox', httpOnly: true, secure: isHttps(c), sameSite: 'Strict' as const, maxAge };
}

/** The CSRF cookie's value, set now when the browser has none. */
function ensureCsrf(c: InboxContext): string {
  const current = getCookie(c, csrfCookie);
  return current && csrfShape.test(current) ? current : renewCsrf(c);
}

function renewCsrf(c: InboxContext): string {
  const value = randomBytes(32).toString('base64url');
  setCookie(c, csrfCookie, value, cookieOptions(c, sessionSeconds));
  return value;
}

function csrfMatches(c: InboxContext, form: Form): boolean {
  const cookie = getCookie(c, csrfCookie) ?? '';
  const field = form.csrf ?? '';
  if (!csrfShape.test(cookie) || !csrfShape.test(field)) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}

function csrfFailed(c: InboxContext): Response | Promise<Response> {
  const csrf = renewCsrf(c);
  return c.html(
    inboxMessagePage({
      title: '请求已过期 / The form has expired',
      message:
        '表单校验未通过，未做任何更改；请返回工作台重试 / The form failed its check and nothing was changed: go back to the inbox and try again',
      csrf,
    }),
    403,
  );
}

function notAMediator(c: InboxContext, csrf: string, signedIn = true): Response | Promise<Response> {
  return c.html(
    inboxMessagePage({
      title: '仅限调解员 / Mediators only',
      message: '此工作台仅供调解员使用 / This inbox is for mediators only',
      csrf,
      signOut: signedIn,
    }),
    403,
  );
}

/** The urlencoded or multipart form, strings only (the inbox has no file fields). */
async function formOf(c: InboxContext): Promise<Form> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(
    Object.entries(body).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
  );
}
