import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { InvalidInput, isDomainError } from '../../../shared/domain/errors';
import type { Principal } from '../../../shared/domain/principal';
import { alternativeMethods } from '../../../shared/domain/service/recipient';
import { listDisputes } from '../../../shared/use-cases/disputes/read-disputes';
import { recommendMediators } from '../../../shared/use-cases/disputes/recommend-mediators';
import { assignByOperator } from '../../../shared/use-cases/offers/assign-by-operator';
import { assignOpenDisputes, type BatchAssignmentReport } from '../../../shared/use-cases/offers/assign-open-disputes';
import { listFailedExecutions, requestRedrive } from '../../../shared/use-cases/operations/failed-executions';
import { listCourts } from '../../../shared/use-cases/roster/read-courts';
import { listMediators, listOrganizations } from '../../../shared/use-cases/roster/read-roster';
import { recordAlternativeService } from '../../../shared/use-cases/service/read-service';
import { retryRecipient } from '../../../shared/use-cases/service/resume-recipient';
import { serviceCentreStats } from '../../../shared/use-cases/service/service-centre-stats';
import { unservedAddressees } from '../../../shared/use-cases/service/unserved-addressees';
import { unservedQueue } from '../../../shared/use-cases/service/unserved-queue';
import type { AppEnv } from '../app-env';
import { staffSessionPrincipal, staffSignInHref } from '../auth/page-session';
import { endPastedToken, pastedTokenEnded } from '../auth/pasted-token';
import { type HttpDeps, offerDepsOf } from '../deps';
import { formKeyField, formKeyFor, oncePerFormKey, postedFormKey } from '../pages/form-once';
import { cookieOptions, csrfCookie, type Form, formOf } from '../pages/session-cookies';
import { failedExecutionsPage } from '../pages/staff/failed-executions-page';
import {
  assignmentsPage,
  type BatchSummary,
  type QueueRowState,
  rosterPage,
  serviceCentrePage,
} from '../pages/staff/operator-pages';
import { signInFormSchema, tokenShape } from '../pages/staff/sign-in-form';
import { half, staffLang } from '../pages/staff/staff-layout';
import { invalidForm, staffRefusal } from '../pages/staff/staff-refusals';
import { staffMessagePage, staffSignInPage } from '../pages/staff/staff-sign-in-page';
import { statusOf } from '../problem';
import { mountCourtCredentialForms } from './court-credential-forms';
import { mountRosterForms } from './roster-forms';
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

const assignmentSchema = z
  .object({
    csrf: z.string(),
    mediatorId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  })
  .strict();

const notices: Record<string, string> = {
  signed_in: '已登录 / Signed in',
  recorded: '已记录其他方式送达 / Alternative service recorded',
  offered: '已发出调解邀请 / The dispute is offered to the mediator',
  court_registered: '已登记法院 / The court is registered',
  organization_registered: '已登记调解组织 / The organization is registered',
  mediator_registered: '已登记调解员 / The mediator is registered',
  mediator_updated: '已保存调解员资料 / The mediator’s profile is saved',
  credentials_rotated_once:
    '这张表单已轮换过密钥，未再次轮换；新密钥只在第一次回答中显示，如未记下，请再次轮换 / This form already rotated the secret, so nothing was rotated again; the new secret was shown on its first answer only: if it was not copied, rotate again',
  credentials_revoked: '已吊销该法院的全部凭据 / Every credential of the court is revoked',
  redrive_requested: '已请求重新运行，几秒内开始 / The redrive is asked for and starts within seconds',
  retried: '已重新电子送达，正在依次尝试各可用地址 / Served again: every usable address is being tried in order',
  no_longer_unserved:
    '该受送达人已不在未送达队列中（已记录或已在重新送达），未作任何更改 / The recipient is no longer in the unserved queue (already recorded or being served again); nothing was changed',
  batch_assigned: '批量指派已完成 / The batch assignment is done',
};

/** What the unserved queue's forms say about a field, in both languages. */
const queueProblems = {
  summary: '未作任何更改，请更正下面标出的字段 / Nothing was changed: correct the field marked below',
  method: '请选择邮寄送达或公告送达 / Choose post or public notice',
};

const batchRunning =
  '这次批量指派仍在进行，请稍后刷新页面查看结果 / This batch assignment is still running: reload the page in a moment for its result';

/** Unserved recipients a page of the queue shows (the longest waiting first). */
const queuePageSize = 50;

/** Failed executions a page shows (the oldest failures first). */
const failedPageSize = 100;

/** Triaged and offered disputes the assignments page lists of each (the oldest first). */
const openListSize = 100;

/** Roster entries a page shows of each kind. */
const rosterPageSize = 200;

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
    if (await pastedTokenEnded(deps.signIn, token)) {
      return showSignIn(
        c,
        csrf.ensure(c),
        ['该令牌已退出登录，请取新的令牌 / this token was signed out: get a new one'],
        401,
      );
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
    const token = getCookie(c, sessionCookie);
    if (token && tokenShape.test(token)) await endPastedToken(deps.signIn, token, sessionSeconds);
    deleteCookie(c, sessionCookie, cookieOptions(c, basePath, 0));
    csrf.renew(c);
    return c.redirect(basePath, 303);
  });

  app.post('/services/:serviceId/recipients/:recipientId/alternative-service', (c) =>
    asOperatorForm(
      c,
      async (principal, form, formCsrf) => {
        const recipientId = c.req.param('recipientId');
        const { csrf: _csrf, ...values } = form;
        const parsed = alternativeSchema.safeParse(dropEmpty(form));
        if (!parsed.success) {
          const fieldErrors: QueueRowState['fieldErrors'] = {};
          for (const issue of parsed.error.issues) {
            const field = String(issue.path[0] ?? '');
            if (field === 'method') fieldErrors.method ??= queueProblems.method;
            else if (field === 'reference' || field === 'note') fieldErrors[field] ??= issue.message;
            else fieldErrors.form ??= invalidForm;
          }
          const row: QueueRowState = { recipientId, action: 'alternative', values, fieldErrors };
          return render(c, principal, formCsrf, { problems: [queueProblems.summary], row }, 400);
        }
        const { method, reference, note } = parsed.data;
        try {
          await recordAlternativeService(deps, principal, c.req.param('serviceId'), {
            recipientId,
            method,
            ...(reference ? { reference } : {}),
            ...(note ? { note } : {}),
          });
        } catch (error) {
          return refusedRowAction(c, principal, formCsrf, { recipientId, action: 'alternative', values }, error);
        }
        return c.redirect(`${basePath}?done=recorded`, 303);
      },
      render,
    ),
  );

  // The API's POST /v1/services/{id}/recipients/{recipientId}/retry, from the queue's row.
  app.post('/services/:serviceId/recipients/:recipientId/retry', (c) =>
    asOperatorForm(
      c,
      async (principal, form, formCsrf) => {
        const recipientId = c.req.param('recipientId');
        if (Object.keys(form).some((key) => key !== 'csrf')) {
          return render(c, principal, formCsrf, { problems: [invalidForm] }, 400);
        }
        try {
          await retryRecipient(deps, principal, c.req.param('serviceId'), recipientId);
        } catch (error) {
          return refusedRowAction(c, principal, formCsrf, { recipientId, action: 'retry', values: {} }, error);
        }
        return c.redirect(`${basePath}?done=retried`, 303);
      },
      render,
    ),
  );

  app.get('/assignments', (c) =>
    asOperatorPage(c, (principal, formCsrf, notice) => {
      const batch = batchSummaryOf(c.req.query());
      return renderAssignments(c, principal, formCsrf, { ...(notice ? { notice } : {}), ...(batch ? { batch } : {}) });
    }),
  );

  app.get('/roster', (c) =>
    asOperatorPage(c, async (_principal, formCsrf, notice) => {
      const [courts, organizations, mediators] = await Promise.all([
        listCourts(deps, { limit: rosterPageSize }),
        listOrganizations(deps, { limit: rosterPageSize }),
        listMediators(deps, { limit: rosterPageSize }),
      ]);
      return c.html(
        rosterPage({
          lang: staffLang(c),
          path: c.req.path,
          csrf: formCsrf,
          courts: courts.items,
          organizations: organizations.items,
          mediators: mediators.items,
          more: Boolean(courts.cursor || organizations.cursor || mediators.cursor),
          ...(notice ? { notice } : {}),
        }),
      );
    }),
  );

  app.post('/disputes/:id/assignment', (c) =>
    asOperatorForm(
      c,
      async (principal, form, formCsrf) => {
        const parsed = assignmentSchema.safeParse(dropEmpty(form));
        if (!parsed.success) return renderAssignments(c, principal, formCsrf, { problems: [invalidForm] }, 400);
        await assignByOperator(offerDepsOf(deps), principal, c.req.param('id'), {
          ...(parsed.data.mediatorId ? { mediatorId: parsed.data.mediatorId } : {}),
        });
        return c.redirect(`${basePath}/assignments?done=offered`, 303);
      },
      renderAssignments,
    ),
  );

  app.post('/assignments/batch', (c) =>
    asOperatorForm(
      c,
      async (principal, form, formCsrf) => {
        const formKey = postedFormKey(form);
        if (!formKey || Object.keys(form).some((key) => key !== 'csrf' && key !== formKeyField)) {
          return renderAssignments(c, principal, formCsrf, { problems: [invalidForm] }, 400);
        }
        // Once per showing of the form (a double tap, a retry after a lost answer run one batch), and
        // answered with a redirect to the result: a reload or "back" never posts a second batch.
        const once = await oncePerFormKey(
          deps.idempotency,
          `${principal.role}:${principal.subjectId}`,
          'page-batch-assignment',
          formKey,
          async () => `${basePath}/assignments?${batchQuery(await assignOpenDisputes(offerDepsOf(deps), principal))}`,
        );
        if (once.outcome === 'in_progress') {
          return renderAssignments(c, principal, formCsrf, { problems: [batchRunning] }, 409);
        }
        return c.redirect(once.location, 303);
      },
      renderAssignments,
    ),
  );

  app.get('/failed-executions', (c) =>
    asOperatorPage(c, (principal, formCsrf, notice) => renderFailed(c, principal, formCsrf, notice ? { notice } : {})),
  );

  app.post('/failed-executions/:id/redrive', (c) =>
    asOperatorForm(
      c,
      async (principal, form) => {
        if (Object.keys(form).some((key) => key !== 'csrf')) {
          return renderFailed(c, principal, csrf.ensure(c), { problems: [invalidForm] }, 400);
        }
        // The API's use case: asking twice (a double click, a reload) asks once.
        await requestRedrive(deps, principal, c.req.param('id'));
        return c.redirect(`${basePath}/failed-executions?done=redrive_requested`, 303);
      },
      renderFailed,
    ),
  );

  const operatorGuards = {
    page: asOperatorPage,
    form: (c: CentreContext, action: Parameters<typeof asOperatorForm>[1]) => asOperatorForm(c, action, formRefused),
  };
  mountRosterForms(app, deps, operatorGuards);
  mountCourtCredentialForms(app, deps, operatorGuards);

  /** A page of the signed-in operator (GET): the sign-in page when there is no session. */
  async function asOperatorPage(
    c: CentreContext,
    show: (principal: Principal, formCsrf: string, notice?: string) => Promise<Response>,
  ): Promise<Response> {
    const formCsrf = csrf.ensure(c);
    const principal = await sessionPrincipal(c);
    if (!principal) return showSignIn(c, formCsrf);
    if (principal.role !== 'operator') return notAnOperator(c);
    const done = c.req.query('done');
    return show(principal, formCsrf, done && notices[done] ? half(notices[done], staffLang(c)) : undefined);
  }

  /** A form of the signed-in operator: CSRF, the session, then the action; a domain error is shown on `fallback`. */
  async function asOperatorForm(
    c: CentreContext,
    action: (principal: Principal, form: Form, formCsrf: string) => Promise<Response>,
    fallback: (
      c: CentreContext,
      principal: Principal,
      formCsrf: string,
      extra: { problems: string[] },
      status: number,
    ) => Promise<Response>,
  ): Promise<Response> {
    const form = await formOf(c);
    if (!csrf.matches(c, form)) return csrfFailed(c);
    const principal = await sessionPrincipal(c);
    if (!principal) return signInEnded(c);
    if (principal.role !== 'operator') return notAnOperator(c);
    const formCsrf = csrf.ensure(c);
    try {
      return await action(principal, form, formCsrf);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return fallback(c, principal, formCsrf, { problems: [staffRefusal(error)] }, statusOf(error));
    }
  }

  /** Disputes awaiting assignment, each with its ten best candidates. */
  async function renderAssignments(
    c: CentreContext,
    principal: Principal,
    formCsrf: string,
    extra: { notice?: string; problems?: string[]; batch?: BatchSummary },
    status = 200,
  ) {
    const [awaitingPage, triagedPage, offeredPage, mediators] = await Promise.all([
      listDisputes(deps, principal, { limit: 50, status: 'awaiting_assignment' }),
      listDisputes(deps, principal, { limit: openListSize, status: 'triaged' }),
      listDisputes(deps, principal, { limit: openListSize, status: 'offered' }),
      listMediators(deps, { limit: 1000 }),
    ]);
    const awaiting = await Promise.all(
      awaitingPage.items.map(async (dispute) => ({
        dispute,
        ranking: await recommendMediators(deps, principal, dispute.id, 10),
      })),
    );
    return c.html(
      assignmentsPage({
        lang: staffLang(c),
        path: `${basePath}/assignments`,
        csrf: formCsrf,
        formKey: formKeyFor({}),
        awaiting,
        triaged: { items: triagedPage.items, more: Boolean(triagedPage.cursor) },
        offered: { items: offeredPage.items, more: Boolean(offeredPage.cursor) },
        mediatorNames: new Map(mediators.items.map((mediator) => [mediator.id, mediator.name])),
        ...extra,
        ...(extra.problems ? { problems: extra.problems.map((problem) => half(problem, staffLang(c))) } : {}),
      }),
      status as ContentfulStatusCode,
    );
  }

  /** Failed workflow executions waiting for an operator. */
  async function renderFailed(
    c: CentreContext,
    _principal: Principal,
    formCsrf: string,
    extra: { notice?: string; problems?: string[] },
    status = 200,
  ) {
    const lang = staffLang(c);
    const page = await listFailedExecutions(deps, { limit: failedPageSize });
    return c.html(
      failedExecutionsPage({
        lang,
        path: `${basePath}/failed-executions`,
        csrf: formCsrf,
        executions: page.items,
        more: Boolean(page.cursor),
        ...(extra.notice ? { notice: extra.notice } : {}),
        ...(extra.problems ? { problems: extra.problems.map((problem) => half(problem, lang)) } : {}),
      }),
      status as ContentfulStatusCode,
    );
  }

  /**
   * A queue row's action the use case refused: the queue again with the refusal in that row; or,
   * when the recipient is no longer unserved (a second tap, or another operator first), the queue
   * saying so.
   */
  function refusedRowAction(
    c: CentreContext,
    principal: Principal,
    formCsrf: string,
    row: Omit<QueueRowState, 'fieldErrors'>,
    error: unknown,
  ) {
    if (isDomainError(error) && error.code === 'recipient_not_unserved') {
      return c.redirect(`${basePath}?done=no_longer_unserved`, 303);
    }
    if (!isDomainError(error)) throw error;
    const refusedRow: QueueRowState = { ...row, fieldErrors: { form: staffRefusal(error) } };
    return render(c, principal, formCsrf, { problems: [queueProblems.summary], row: refusedRow }, statusOf(error));
  }

  async function render(
    c: CentreContext,
    principal: Principal,
    formCsrf: string,
    extra: { notice?: string; problems?: string[]; row?: QueueRowState },
    status = 200,
  ) {
    const lang = staffLang(c);
    const asked = { services: c.req.query('services') || undefined, queue: c.req.query('queue') || undefined };
    let view: CentreView;
    try {
      view = await centreView(principal, asked);
    } catch (error) {
      // A cursor this service centre did not issue: the newest window and the queue's first page, and why.
      if (!(error instanceof InvalidInput) || (!asked.services && !asked.queue)) throw error;
      view = await centreView(principal, {});
      extra = { ...extra, problems: [...(extra.problems ?? []), error.message] };
      status = 400;
    }
    return c.html(
      serviceCentrePage({
        lang,
        path: basePath,
        ...view,
        csrf: formCsrf,
        ...(extra.row ? { row: extra.row } : {}),
        ...(extra.notice ? { notice: half(extra.notice, lang) } : {}),
        ...(extra.problems ? { problems: extra.problems.map((problem) => half(problem, lang)) } : {}),
      }),
      status as ContentfulStatusCode,
    );
  }

  /**
   * The figures over a window of services (the newest, or older ones from `services`) and a page of
   * the unserved queue (the first, or the next from `queue`), with the links that move each.
   */
  async function centreView(principal: Principal, cursors: { services?: string; queue?: string }): Promise<CentreView> {
    const [stats, queue] = await Promise.all([
      serviceCentreStats(deps, principal, cursors.services ? { cursor: cursors.services } : {}),
      unservedQueue(deps, principal, { limit: queuePageSize, ...(cursors.queue ? { cursor: cursors.queue } : {}) }),
    ]);
    // Names and postal addresses are looked up, and their view written to the audit log, per render.
    const addressees = await unservedAddressees(deps, principal, queue.items);
    const older = stats.window.olderCursor;
    return {
      stats,
      queue: queue.items,
      addressees,
      links: {
        ...(older ? { olderServices: centreLink({ services: older, queue: cursors.queue }) } : {}),
        ...(cursors.services ? { newestServices: centreLink({ queue: cursors.queue }) } : {}),
        ...(queue.cursor ? { nextQueuePage: centreLink({ services: cursors.services, queue: queue.cursor }) } : {}),
        ...(cursors.queue ? { firstQueuePage: centreLink({ services: cursors.services }) } : {}),
      },
    };
  }

  /** The managed-login staff session first; else the centre's own token cookie. */
  async function sessionPrincipal(c: CentreContext): Promise<Principal | undefined> {
    const staff = await staffSessionPrincipal(c, deps.signIn);
    if (staff) return staff;
    const token = getCookie(c, sessionCookie);
    if (!token || !tokenShape.test(token)) return undefined;
    // A token signed out of the staff pages opens nothing again, whether in a copy of the cookie or pasted anew.
    if (await pastedTokenEnded(deps.signIn, token)) return undefined;
    return deps.authenticator.authenticate({ authorization: `Bearer ${token}` });
  }

  function showSignIn(c: CentreContext, formCsrf: string, problems: string[] = [], status = 200) {
    return c.html(
      staffSignInPage({
        lang: staffLang(c),
        area: 'operator',
        csrf: formCsrf,
        problems,
        ...(deps.issueLocalToken ? { local: { operator: true as const } } : {}),
        managedSignIn: staffSignInHref(deps.signIn, '/service-centre'),
      }),
      status as ContentfulStatusCode,
    );
  }

  return app;
}

type CentreView = Pick<Parameters<typeof serviceCentrePage>[0], 'stats' | 'queue' | 'addressees' | 'links'>;

/** The service centre's address with the cursors given (each in its own query parameter). */
function centreLink(cursors: { services?: string | undefined; queue?: string | undefined }): string {
  const params = new URLSearchParams();
  if (cursors.services) params.set('services', cursors.services);
  if (cursors.queue) params.set('queue', cursors.queue);
  return params.size > 0 ? `${basePath}?${params}` : basePath;
}

/** A form posted after the session ended: sign in again (nothing was done). */
function signInEnded(c: CentreContext) {
  return c.html(
    staffMessagePage({
      lang: staffLang(c),
      area: 'operator',
      title: '请先登录 / Please sign in',
      message: '登录已失效 / Your sign-in has ended',
    }),
    401,
  );
}

function notAnOperator(c: CentreContext) {
  return c.html(
    staffMessagePage({
      lang: staffLang(c),
      area: 'operator',
      title: '仅限运营人员 / Operators only',
      message: '送达中心仅供平台运营人员使用 / The service centre is for operators only',
    }),
    403,
  );
}

/** A form's refusal no page of its own shows (the roster forms show theirs at the fields). */
async function formRefused(
  c: CentreContext,
  _principal: Principal,
  _formCsrf: string,
  extra: { problems: string[] },
  status: number,
) {
  const lang = staffLang(c);
  return c.html(
    staffMessagePage({
      lang,
      area: 'operator',
      title: '未做更改 / Nothing was changed',
      message: extra.problems.map((problem) => half(problem, lang)).join(' '),
    }),
    status as ContentfulStatusCode,
  );
}

function csrfFailed(c: CentreContext) {
  csrf.renew(c);
  return c.html(
    staffMessagePage({
      lang: staffLang(c),
      area: 'operator',
      title: '请求已过期 / The form has expired',
      message: '表单校验未通过，未做任何更改 / The form failed its check and nothing was changed',
    }),
    403,
  );
}

function dropEmpty(form: Form): Form {
  return Object.fromEntries(Object.entries(form).filter(([, value]) => value !== ''));
}

/** The batch's result as the redirect carries it: counts only (the offers are listed on the page). */
function batchQuery(report: BatchAssignmentReport): string {
  return new URLSearchParams({
    done: 'batch_assigned',
    assigned: String(report.assignments.length),
    unassigned: String(report.unassigned.length),
    skipped: String(report.skipped.length),
    considered: String(report.disputesConsidered),
    method: report.method,
    score: report.totalScore.toFixed(3),
  }).toString();
}

const count = z.coerce.number().int().min(0).max(1_000_000);
const batchSummarySchema = z.object({
  done: z.literal('batch_assigned'),
  assigned: count,
  unassigned: count,
  skipped: count,
  considered: count,
  method: z.enum(['optimal', 'greedy']),
  score: z.coerce.number().min(0).max(1e9),
});

/** The batch's result from the page's address; none when the address carries none (or a mangled one). */
function batchSummaryOf(query: Record<string, string>): BatchSummary | undefined {
  const parsed = batchSummarySchema.safeParse(query);
  if (!parsed.success) return undefined;
  const { done: _done, ...summary } = parsed.data;
  return summary;
}
