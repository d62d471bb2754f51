import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { isDomainError } from '../../../shared/domain/errors';
import type { Principal } from '../../../shared/domain/principal';
import { recordAlternativeService } from '../../../shared/use-cases/service/read-service';
import { serviceCentreStats } from '../../../shared/use-cases/service/service-centre-stats';
import { alternativeMethods } from '../../../shared/use-cases/service/service-records';
import type { AppEnv } from '../app-env';
import { staffSessionPrincipal, staffSignInHref } from '../auth/page-session';
import type { HttpDeps } from '../deps';
import { serviceCentreMessagePage, serviceCentrePage, serviceCentreSignInPage } from '../pages/service-centre-page';
import { cookieOptions, csrfCookie, type Form, formOf, signInFormSchema, tokenShape } from '../pages/session-cookies';
import { statusOf } from '../problem';
import { text } from './schemas';

/*
 * The service centre for operators (issue 4, item 8): /service-centre.
 *
 * Sign-in and CSRF follow the inbox's design (routes/inbox.ts): the operator's bearer token in the
 * cookie `centre_session` (HttpOnly, SameSite=Strict, Secure over https, Path=/service-centre, so
 * the API never sees it), verified again on every request by `deps.authenticator`; the operator
 * role only (anyone else: a 403 page). Locally, with `deps.issueLocalToken`, an operator id signs
 * in (the embedded runtime's stand-in for Cognito); a pasted token always works. Every form POST
 * carries a double-submit CSRF token (`centre_csrf`), renewed at sign-in and sign-out.
 *
 * The unserved queue records alternative service with the same use case as
 * POST /v1/services/{id}/alternative-service.
 */

const sessionCookie = 'centre_session';
const basePath = '/service-centre';
const sessionSeconds = 12 * 3600;
const csrf = csrfCookie('centre_csrf', () => basePath, sessionSeconds);

const signInSchema = signInFormSchema('operatorId');

const alternativeSchema = z
  .object({
    csrf: z.string(),
    method: z.enum(alternativeMethods),
    reference: text({ max: 200, label: { zh: '邮件号或公告编号', en: 'the tracking or notice number' } }).optional(),
    note: text({ max: 1000, multiline: true, label: { zh: '备注', en: 'the note' } }).optional(),
  })
  .strict();

const notices: Record<string, string> = {
  signed_in: '已登录 / Signed in',
  recorded: '已记录其他方式送达 / Alternative service recorded',
};

type CentreContext = Context<AppEnv>;

export function serviceCentreRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const formCsrf = csrf.ensure(c);
    const principal = await sessionPrincipal(c);
    if (!principal) return showSignIn(c, formCsrf);
    if (principal.role !== 'operator') return notAnOperator(c);
    const done = c.req.query('done');
    return render(c, principal, formCsrf, { ...(done && notices[done] ? { notice: notices[done] } : {}) });
  });

  app.post('/sign-in', async (c) => {
    const form = await formOf(c);
    if (!csrf.matches(c, form)) return csrfFailed(c);
    const parsed = signInSchema.safeParse(form);
    if (!parsed.success) return showSignIn(c, csrf.ensure(c), [parsed.error.issues[0]?.message ?? 'invalid form'], 400);
    let token: string;
    if ('operatorId' in parsed.data) {
      if (!deps.issueLocalToken) return showSignIn(c, csrf.ensure(c), ['请粘贴访问令牌 / paste an access token'], 400);
      token = await deps.issueLocalToken('operator', parsed.data.operatorId);
    } else {
      token = parsed.data.token;
    }
    const principal = await deps.authenticator.authenticate({ authorization: `Bearer ${token}` });
    if (!principal) {
      return showSignIn(c, csrf.ensure(c), ['令牌无效或已过期 / the token is invalid or has expired'], 401);
    }
    if (principal.role !== 'operator') return notAnOperator(c);
    setCookie(c, sessionCookie, token, cookieOptions(c, basePath, sessionSeconds));
    csrf.renew(c);
    return c.redirect(`${basePath}?done=signed_in`, 303);
  });

  app.post('/sign-out', async (c) => {
    const form = await formOf(c);
    if (!csrf.matches(c, form)) return csrfFailed(c);
    deleteCookie(c, sessionCookie, cookieOptions(c, basePath, 0));
    csrf.renew(c);
    return c.redirect(basePath, 303);
  });

  app.post('/services/:serviceId/recipients/:recipientId/alternative-service', async (c) => {
    const form = await formOf(c);
    if (!csrf.matches(c, form)) return csrfFailed(c);
    const principal = await sessionPrincipal(c);
    if (!principal) {
      return c.html(serviceCentreMessagePage('请先登录 / Please sign in', '登录已失效 / Your sign-in has ended'), 401);
    }
    if (principal.role !== 'operator') return notAnOperator(c);
    const formCsrf = csrf.ensure(c);
    const parsed = alternativeSchema.safeParse(dropEmpty(form));
    if (!parsed.success) {
      return render(c, principal, formCsrf, { problems: parsed.error.issues.map((issue) => issue.message) }, 400);
    }
    try {
      const { method, reference, note } = parsed.data;
      await recordAlternativeService(deps, principal, c.req.param('serviceId'), {
        recipientId: c.req.param('recipientId'),
        method,
        ...(reference ? { reference } : {}),
        ...(note ? { note } : {}),
      });
      return c.redirect(`${basePath}?done=recorded`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return render(c, principal, formCsrf, { problems: [error.message] }, statusOf(error));
    }
  });

  async function render(
    c: CentreContext,
    principal: Principal,
    formCsrf: string,
    extra: { notice?: string; problems?: string[] },
    status = 200,
  ) {
    const stats = await serviceCentreStats(deps, principal);
    return c.html(
      serviceCentrePage({ stats, subjectId: principal.subjectId, csrf: formCsrf, ...extra }),
      status as ContentfulStatusCode,
    );
  }

  /** The managed-login staff session first; else the centre's own token cookie. */
  async function sessionPrincipal(c: CentreContext): Promise<Principal | undefined> {
    const staff = await staffSessionPrincipal(c, deps.signIn);
    if (staff) return staff;
    const token = getCookie(c, sessionCookie);
    if (!token || !tokenShape.test(token)) return undefined;
    return deps.authenticator.authenticate({ authorization: `Bearer ${token}` });
  }

  function showSignIn(c: CentreContext, formCsrf: string, problems: string[] = [], status = 200) {
    return c.html(
      serviceCentreSignInPage({
        csrf: formCsrf,
        problems,
        localSignIn: deps.issueLocalToken !== undefined,
        managedSignIn: staffSignInHref(deps.signIn, '/service-centre'),
      }),
      status as ContentfulStatusCode,
    );
  }

  return app;
}

function notAnOperator(c: CentreContext) {
  return c.html(
    serviceCentreMessagePage(
      '仅限运营人员 / Operators only',
      '送达中心仅供平台运营人员使用 / The service centre is for operators only',
    ),
    403,
  );
}

function csrfFailed(c: CentreContext) {
  csrf.renew(c);
  return c.html(
    serviceCentreMessagePage(
      '请求已过期 / The form has expired',
      '表单校验未通过，未做任何更改 / The form failed its check and nothing was changed',
    ),
    403,
  );
}

function dropEmpty(form: Form): Form {
  return Object.fromEntries(Object.entries(form).filter(([, value]) => value !== ''));
}
