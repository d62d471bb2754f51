import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { isDomainError } from '../../../shared/domain/errors';
import type { Dispute } from '../../../shared/domain/mediation/dispute';
import type { Mediator } from '../../../shared/domain/mediation/mediator';
import type { Principal } from '../../../shared/domain/principal';
import { parseSettlementDocument, settlementDocumentHtml } from '../../../shared/domain/settlement/settlement-document';
import { everyItem } from '../../../shared/ports/table';
import { openCaseRoom } from '../../../shared/use-cases/disputes/case-room';
import { closeMediation, failureReasons } from '../../../shared/use-cases/disputes/close-mediation';
import { listDisputes } from '../../../shared/use-cases/disputes/read-disputes';
import { acceptOffer, declineOffer } from '../../../shared/use-cases/offers/answer-offer';
import { listMyOffers } from '../../../shared/use-cases/offers/list-my-offers';
import { getMediator, listMediators } from '../../../shared/use-cases/roster/read-roster';
import { updateMediator } from '../../../shared/use-cases/roster/update-mediator';
import { previewSettlement } from '../../../shared/use-cases/settlements/preview-settlement';
import { getSettlementDocument } from '../../../shared/use-cases/settlements/read-settlement';
import { recordSettlementOnce } from '../../../shared/use-cases/settlements/record-settlement-once';
import { sendSigningLink } from '../../../shared/use-cases/settlements/signing-links';
import type { AppEnv } from '../app-env';
import { staffSessionPrincipal, staffSignInHref } from '../auth/page-session';
import { endPastedToken, pastedTokenEnded } from '../auth/pasted-token';
import type { HttpDeps } from '../deps';
import { type DoneMessage, doneMessages } from '../pages/inbox-labels';
import { type CaseRoomView, caseRoomPage, type OutcomeFormState } from '../pages/staff/case-room-page';
import { type MediatorInboxView, mediatorInboxPage } from '../pages/staff/mediator-inbox-page';
import { settlementDocumentPage } from '../pages/staff/settlement-document-page';
import { signInFormSchema, tokenShape } from '../pages/staff/sign-in-form';
import { half, staffLang } from '../pages/staff/staff-layout';
import { invalidForm, staffRefusal } from '../pages/staff/staff-refusals';
import { staffMessagePage, staffSignInPage } from '../pages/staff/staff-sign-in-page';
import { statusOf } from '../problem';
import { text } from './schemas';
import { fieldOfTermsPath, parseSettlementForm, type SettlementForm, settlementFormFields } from './settlement-form';

/*
 * Sign-in and CSRF design of the mediator inbox.
 *
 * Session. The page holds the mediator's bearer token (the same JWT the API takes) in the cookie
 * `inbox_session`: HttpOnly (no script can read it), SameSite=Strict (no other site can make the
 * browser send it), Secure whenever the request came over https, Path=/inbox (the API never sees
 * it: /v1 keeps taking only an Authorization header, so a cookie can never authorize an API call).
 * Every request verifies the token again with `deps.authenticator` (expiry, signature, role), and
 * refuses a token signed out of these pages: sign-out records it, by hash, as an ended session
 * (auth/pasted-token.ts), so a copy of the cookie, or the token pasted again, opens nothing after. Only the mediator role may use the inbox; anyone
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

const outcomeChoiceMissing = '请从列表中选择 / Choose one of the list';

const availabilitySchema = z
  .object({
    csrf: z.string(),
    online: z.literal('yes').optional(),
    leaveFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    leaveTo: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    clearLeave: z.literal('yes').optional(),
  })
  .strict()
  .refine((form) => (form.leaveFrom === undefined) === (form.leaveTo === undefined), {
    message: '休假须同时填写开始和结束 / leave needs both its first and its last day',
  })
  .refine((form) => !form.leaveFrom || !form.leaveTo || form.leaveFrom <= form.leaveTo, {
    message: '休假结束不能早于开始 / leave cannot end before it starts',
  });

const signingLinkSchema = z.object({ csrf: z.string(), partyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict();

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

  app.get('/', (c) =>
    mediatorPage(c, (principal, csrf) => {
      const done = doneSchema.safeParse(c.req.query('done'));
      return renderInbox(c, principal, csrf, { ...(done.success && done.data ? { done: done.data } : {}) });
    }),
  );

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
        return showSignIn(c, ensureCsrf(c), [staffRefusal(error)], statusOf(error));
      }
    } else {
      token = parsed.data.token;
    }
    if (await pastedTokenEnded(deps.signIn, token)) {
      return showSignIn(
        c,
        ensureCsrf(c),
        ['该令牌已退出登录，请取新的令牌 / this token was signed out: get a new one'],
        401,
      );
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
    const token = getCookie(c, sessionCookie);
    if (token && tokenShape.test(token)) await endPastedToken(deps.signIn, token, sessionSeconds);
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
    mediatorForm(c, async (principal, form, csrf) => {
      const parsed = declineSchema.safeParse(form);
      if (!parsed.success) {
        // The error at the reason, the offer's form open again with what was typed.
        const atReason = parsed.error.issues.find((issue) => issue.path[0] === 'reason');
        if (!atReason) return renderInbox(c, principal, csrf, { problems: [invalidForm] }, 400);
        const error = form.reason?.trim() ? atReason.message : '请填写拒绝理由 / Give the reason for declining';
        const decline = { offerId: c.req.param('id'), reason: form.reason ?? '', error };
        return renderInbox(c, principal, csrf, { decline }, 400);
      }
      try {
        await declineOffer(deps, principal, c.req.param('id'), parsed.data.reason);
        return c.redirect('/inbox?done=declined', 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return renderInbox(c, principal, csrf, { problems: [staffRefusal(error)] }, statusOf(error));
      }
    }),
  );

  /** Failed or withdrawn, from the case room; a refusal is shown at its field in the room, with nothing changed. */
  app.post('/disputes/:id/outcome', (c) =>
    mediatorForm(c, async (principal, form, csrf) => {
      const values = { kind: form.kind, reason: form.reason, referralSummary: form.referralSummary };
      const refused = (fieldErrors: OutcomeFormState['fieldErrors'], status: number) =>
        renderRoom(c, principal, csrf, { outcome: { values, fieldErrors } }, status);
      const parsed = outcomeSchema.safeParse(Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '')));
      if (!parsed.success) {
        const fieldErrors: OutcomeFormState['fieldErrors'] = {};
        for (const issue of parsed.error.issues) {
          const field = issue.path[0];
          if (field !== 'kind' && field !== 'reason' && field !== 'referralSummary') {
            return renderRoom(c, principal, csrf, { problems: [invalidForm] }, 400);
          }
          fieldErrors[field] ??= field === 'referralSummary' ? issue.message : outcomeChoiceMissing;
        }
        return refused(fieldErrors, 400);
      }
      const { kind, reason, referralSummary } = parsed.data;
      try {
        await closeMediation(deps, principal, c.req.param('id'), {
          kind,
          reason,
          ...(referralSummary ? { referralSummary } : {}),
        });
        return c.redirect('/inbox?done=closed', 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        if (error.code === 'referral_summary_required') {
          return refused({ referralSummary: staffRefusal(error) }, statusOf(error));
        }
        return renderRoom(c, principal, csrf, { problems: [staffRefusal(error)] }, statusOf(error));
      }
    }),
  );

  app.get('/disputes/:id', (c) =>
    mediatorPage(c, (principal, csrf) => {
      const done = doneSchema.safeParse(c.req.query('done'));
      return renderRoom(c, principal, csrf, done.success && done.data ? { notice: doneMessages[done.data] } : {});
    }),
  );

  app.get('/settlements/:id/document', (c) =>
    mediatorPage(c, async (principal, csrf) => {
      try {
        const { settlement, content, sha256 } = await getSettlementDocument(deps, principal, c.req.param('id'));
        return c.html(
          settlementDocumentPage({
            lang: staffLang(c),
            path: c.req.path,
            csrf,
            disputeId: settlement.disputeId,
            html: settlementDocumentHtml(parseSettlementDocument(content), sha256),
          }),
        );
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return renderInbox(c, principal, csrf, { problems: [staffRefusal(error)] }, statusOf(error));
      }
    }),
  );

  /** Preview the canonical document, or record the terms (the same use case as the API). */
  app.post('/disputes/:id/settlement', (c) =>
    mediatorForm(c, async (principal, form, csrf) => {
      const disputeId = c.req.param('id');
      const kept: SettlementForm = Object.fromEntries(
        settlementFormFields.flatMap((field) => (form[field] !== undefined ? [[field, form[field]]] : [])),
      );
      const parsed = parseSettlementForm(form);
      if (!parsed.ok) return renderRoom(c, principal, csrf, { form: kept, fieldErrors: parsed.errors }, 400);
      try {
        if (parsed.intent === 'preview') {
          const preview = await previewSettlement(deps, principal, disputeId, parsed.terms);
          return renderRoom(c, principal, csrf, {
            form: kept,
            preview: {
              html: settlementDocumentHtml(preview.document, preview.sha256),
              sha256: preview.sha256,
              settlementIdFinal: preview.settlementIdFinal,
            },
          });
        }
        await recordSettlementOnce(deps, principal, disputeId, parsed.terms);
        return c.redirect(`/inbox/disputes/${disputeId}?done=settlement_recorded`, 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const problems = termsProblemsOf(error.details);
        if (problems.length > 0) {
          const fieldErrors = Object.fromEntries(
            problems.map((problem) => [fieldOfTermsPath(problem.path, kept), problem.message]),
          );
          return renderRoom(c, principal, csrf, { form: kept, fieldErrors }, statusOf(error));
        }
        return renderRoom(c, principal, csrf, { form: kept, problems: [staffRefusal(error)] }, statusOf(error));
      }
    }),
  );

  /** Send one party the signing link of the current terms (the same use case as the API). */
  app.post('/settlements/:id/signing-links', (c) =>
    mediatorForm(c, async (principal, form, csrf) => {
      const parsed = signingLinkSchema.safeParse(form);
      if (!parsed.success) return renderInbox(c, principal, csrf, { problems: [invalidForm] }, 400);
      const settlementId = c.req.param('id');
      let disputeId: string | undefined;
      try {
        const settlement = (await getSettlementDocument(deps, principal, settlementId).catch(() => undefined))
          ?.settlement;
        disputeId = settlement?.disputeId;
        await sendSigningLink(deps, principal, settlementId, { partyId: parsed.data.partyId });
        if (!disputeId) return c.redirect('/inbox?done=signing_link_sent', 303);
        return c.redirect(`/inbox/disputes/${disputeId}?done=signing_link_sent`, 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        if (disputeId)
          return renderRoomById(c, principal, csrf, disputeId, { problems: [staffRefusal(error)] }, statusOf(error));
        return renderInbox(c, principal, csrf, { problems: [staffRefusal(error)] }, statusOf(error));
      }
    }),
  );

  /** The mediator's own availability: online or not, and leave (the only fields a mediator may change). */
  app.post('/availability', (c) =>
    asMediator(c, async (principal, form) => {
      const parsed = availabilitySchema.safeParse(Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '')));
      if (!parsed.success) return parsed.error.issues.map((issue) => issue.message);
      const mediator = await myMediator(principal);
      if (!mediator) return ['不在调解员名册上 / not on the roster of mediators'];
      const { online, leaveFrom, leaveTo, clearLeave } = parsed.data;
      const leave = [
        ...(clearLeave ? [] : mediator.leave),
        ...(leaveFrom && leaveTo ? [{ from: leaveFrom, to: leaveTo }] : []),
      ];
      await updateMediator(deps, principal, mediator.id, { online: online === 'yes', leave });
      return 'availability_saved';
    }),
  );

  /**
   * A form of the signed-in mediator: CSRF first, then the session, then the action. The action
   * answers what to say after the redirect, or the problems with the form (400); a domain error is
   * shown on the inbox with its status (404, 409, 422), and nothing has changed.
   */
  function asMediator(
    c: InboxContext,
    action: (principal: Principal, form: Form) => Promise<DoneMessage | string[]>,
  ): Promise<Response> {
    return mediatorForm(c, async (principal, form, csrf) => {
      try {
        const outcome = await action(principal, form);
        if (typeof outcome === 'string') return c.redirect(`/inbox?done=${outcome}`, 303);
        return renderInbox(c, principal, csrf, { problems: outcome }, 400);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return renderInbox(c, principal, csrf, { problems: [staffRefusal(error)] }, statusOf(error));
      }
    });
  }

  /** A page of the signed-in mediator: anyone else sees the sign-in form, or a 403 page. */
  async function mediatorPage(
    c: InboxContext,
    render: (principal: Principal, csrf: string) => Promise<Response>,
  ): Promise<Response> {
    const csrf = ensureCsrf(c);
    const principal = await sessionPrincipal(c);
    if (!principal) return showSignIn(c, csrf);
    if (principal.role !== 'mediator') return notAMediator(c, csrf);
    return render(principal, csrf);
  }

  /**
   * A form posted by the signed-in mediator: its CSRF token first (nothing is read before it
   * matches), then the session (an ended one is asked to sign in again), then the role.
   */
  async function mediatorForm(
    c: InboxContext,
    handle: (principal: Principal, form: Form, csrf: string) => Promise<Response>,
  ): Promise<Response> {
    const form = await formOf(c);
    if (!csrfMatches(c, form)) return csrfFailed(c);
    const csrf = ensureCsrf(c);
    const principal = await sessionPrincipal(c);
    if (!principal) return signInAgain(c);
    if (principal.role !== 'mediator') return notAMediator(c, csrf);
    return handle(principal, form, csrf);
  }

  async function renderInbox(
    c: InboxContext,
    principal: Principal,
    csrf: string,
    extra: { done?: DoneMessage; problems?: string[]; decline?: MediatorInboxView['decline'] },
    status = 200,
  ): Promise<Response> {
    const lang = staffLang(c);
    const [offers, cases, mediator] = await Promise.all([
      listMyOffers(deps, principal, { status: 'open' }),
      myCases(principal),
      myMediator(principal),
    ]);
    const nonce = c.get('secureHeadersNonce') ?? '';
    return c.html(
      mediatorInboxPage({
        lang,
        path: c.req.path,
        offers,
        activeCases: cases.filter((dispute) => dispute.status === 'in_mediation'),
        closedCases: cases
          .filter((dispute) => dispute.status !== 'in_mediation')
          .sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '')),
        now: deps.clock.now(),
        csrf,
        nonce,
        ...(mediator ? { mediator } : {}),
        ...(extra.done ? { notice: half(doneMessages[extra.done], lang) } : {}),
        ...(extra.problems ? { problems: extra.problems.map((problem) => half(problem, lang)) } : {}),
        ...(extra.decline ? { decline: extra.decline } : {}),
      }),
      status as ContentfulStatusCode,
    );
  }

  async function renderRoom(
    c: InboxContext,
    principal: Principal,
    csrf: string,
    extra: Partial<Pick<CaseRoomView, 'notice' | 'problems' | 'form' | 'fieldErrors' | 'preview' | 'outcome'>>,
    status = 200,
  ): Promise<Response> {
    return renderRoomById(c, principal, csrf, c.req.param('id') ?? '', extra, status);
  }

  async function renderRoomById(
    c: InboxContext,
    principal: Principal,
    csrf: string,
    disputeId: string,
    extra: Partial<Pick<CaseRoomView, 'notice' | 'problems' | 'form' | 'fieldErrors' | 'preview' | 'outcome'>>,
    status = 200,
  ): Promise<Response> {
    const lang = staffLang(c);
    try {
      const room = await openCaseRoom(deps, principal, disputeId);
      return c.html(
        caseRoomPage({
          lang,
          path: `/inbox/disputes/${disputeId}`,
          room,
          csrf,
          ...extra,
          ...(extra.notice ? { notice: half(extra.notice, lang) } : {}),
          ...(extra.problems ? { problems: extra.problems.map((problem) => half(problem, lang)) } : {}),
        }),
        status as ContentfulStatusCode,
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return renderInbox(c, principal, csrf, { problems: [staffRefusal(error)] }, statusOf(error));
    }
  }

  /** Every dispute the mediator holds or held (their memberships start when they accept). */
  async function myCases(principal: Principal): Promise<Dispute[]> {
    const cases = await everyItem((page) => listDisputes(deps, principal, page), 100);
    return cases.sort((a, b) => a.mediationDeadline.endsAt.localeCompare(b.mediationDeadline.endsAt));
  }

  async function myMediator(principal: Principal): Promise<Mediator | undefined> {
    const mediatorId = await deps.store.roster.mediatorIdOfSubject(principal.subjectId);
    return mediatorId ? getMediator(deps, mediatorId).catch(() => undefined) : undefined;
  }

  async function showSignIn(c: InboxContext, csrf: string, problems: string[] = [], status = 200) {
    const mediators = deps.issueLocalToken
      ? (await listMediators(deps, { limit: 100 })).items.map(({ id, name }) => ({ id, name }))
      : undefined;
    const managed = staffSignInHref(deps.signIn, '/inbox');
    return c.html(
      staffSignInPage({
        lang: staffLang(c),
        area: 'inbox',
        csrf,
        problems,
        ...(mediators ? { local: { mediators } } : {}),
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
    // A token signed out of the staff pages opens nothing again, whether in a copy of the cookie or pasted anew.
    if (await pastedTokenEnded(deps.signIn, token)) return undefined;
    return deps.authenticator.authenticate({ authorization: `Bearer ${token}` });
  }

  return app;
}

function signInAgain(c: InboxContext): Response | Promise<Response> {
  return c.html(
    staffMessagePage({
      lang: staffLang(c),
      area: 'inbox',
      title: '请先登录 / Please sign in',
      message: '登录已失效，请重新登录 / Your sign-in has ended: sign in again',
    }),
    401,
  );
}

/** The rules' problems a refused settlement names (RuleViolation details), each with its path. */
function termsProblemsOf(details: Record<string, unknown> | undefined): Array<{ path: string; message: string }> {
  const parsed = z.array(z.object({ path: z.string(), message: z.string() })).safeParse(details?.problems);
  return parsed.success ? parsed.data : [];
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
    staffMessagePage({
      lang: staffLang(c),
      area: 'inbox',
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
    staffMessagePage({
      lang: staffLang(c),
      area: 'inbox',
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
