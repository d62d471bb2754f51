import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDomainError } from '../../../shared/domain/errors';
import type { Court } from '../../../shared/domain/roster/court';
import {
  issueCourtCredentials,
  maxRotationGraceSeconds,
  revokeCourtCredentials,
  rotateCourtCredentials,
} from '../../../shared/use-cases/roster/court-credentials';
import { getCourt } from '../../../shared/use-cases/roster/read-courts';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { formKeyField, formKeyFor, oncePerFormKey, postedFormKey } from '../pages/form-once';
import { type CourtCredentialsView, courtCredentialsPage } from '../pages/staff/court-credentials-page';
import { half, staffLang } from '../pages/staff/staff-layout';
import { invalidForm, staffRefusal } from '../pages/staff/staff-refusals';
import { statusOf } from '../problem';
import type { OperatorGuards } from './roster-forms';

type Ctx = Context<AppEnv>;

const courtsPath = '/service-centre/roster/courts';
const rotationFields = new Set(['csrf', 'graceHours', formKeyField]);
const rotationRunning =
  '这次轮换仍在进行，请稍后刷新页面 / This rotation is still running: reload the page in a moment';
const graceProblem = '请填写 0 至 168 之间的整数小时 / A whole number of hours from 0 to 168';

/**
 * A court's page on the roster and its credentials, from the operator's pages: the same use cases
 * as POST /v1/courts/{id}/credentials, …/rotation and …/revocation. The answer to issuing or
 * rotating is the page with the secret on it (never a redirect: the secret is in no store to read
 * back); a second post of the issue form is refused (`court_credentials_exist`) and changes nothing.
 */
export function mountCourtCredentialForms(app: Hono<AppEnv>, deps: HttpDeps, guards: OperatorGuards): void {
  const credentials = () => {
    if (!deps.courtCredentials) throw new Error('no court credentials provider is configured');
    return { ...deps, courtCredentials: deps.courtCredentials };
  };
  const tokenEndpoint = deps.courtTokenEndpoint ?? new URL('/oauth2/token', deps.publicBaseUrl).href;

  const show = async (
    c: Ctx,
    formCsrf: string,
    extra: Partial<Pick<CourtCredentialsView, 'issued' | 'grace' | 'notice' | 'problems' | 'formKey'>> = {},
    status = 200,
  ) => {
    const court = await getCourt(deps, c.req.param('id') ?? '');
    const lang = staffLang(c);
    return c.html(
      courtCredentialsPage({
        lang,
        path: `${courtsPath}/${court.id}`,
        csrf: formCsrf,
        court,
        active: hasWorkingCredentials(court),
        ...extra,
        formKey: extra.formKey ?? formKeyFor({}),
        ...(extra.problems ? { problems: extra.problems.map((problem) => half(problem, lang)) } : {}),
        ...(extra.grace ? { grace: { ...extra.grace, error: half(extra.grace.error, lang) } } : {}),
      }),
      status as ContentfulStatusCode,
    );
  };

  /** A refusal (an unknown court is the roster's 404) shown on the court's page, with nothing changed. */
  const refusedOn = async (c: Ctx, formCsrf: string, error: unknown) => {
    if (!isDomainError(error)) throw error;
    if (error.category === 'not_found') return c.redirect('/service-centre/roster', 303);
    return show(c, formCsrf, { problems: [staffRefusal(error)] }, statusOf(error));
  };

  app.get('/roster/courts/:id', (c) =>
    guards.page(c, (_principal, formCsrf, notice) =>
      show(c, formCsrf, notice ? { notice } : {}).catch((error: unknown) => refusedOn(c, formCsrf, error)),
    ),
  );

  app.post('/roster/courts/:id/credentials', (c) =>
    guards.form(c, async (principal, form, formCsrf) => {
      if (Object.keys(form).some((key) => key !== 'csrf')) return show(c, formCsrf, { problems: [invalidForm] }, 400);
      try {
        const issued = await issueCourtCredentials(credentials(), principal, c.req.param('id'));
        return show(c, formCsrf, { issued: { ...issued, tokenEndpoint } }, 201);
      } catch (error) {
        return refusedOn(c, formCsrf, error);
      }
    }),
  );

  app.post('/roster/courts/:id/credentials/rotation', (c) =>
    guards.form(c, async (principal, form, formCsrf) => {
      const formKey = postedFormKey(form);
      if (!formKey || Object.keys(form).some((key) => !rotationFields.has(key))) {
        return show(c, formCsrf, { problems: [invalidForm] }, 400);
      }
      const typed = (form.graceHours ?? '').trim();
      const hours = /^\d{1,3}$/.test(typed) ? Number(typed) : Number.NaN;
      if (!(hours * 3600 <= maxRotationGraceSeconds)) {
        return show(c, formCsrf, { formKey, grace: { value: form.graceHours ?? '', error: graceProblem } }, 400);
      }
      const courtId = c.req.param('id');
      // Once per showing of the form: a double tap rotates once (a second rotation would end the
      // grace of the secret the court is still using). Only the first answer can show the secret.
      let issued: Awaited<ReturnType<typeof rotateCourtCredentials>> | undefined;
      try {
        const once = await oncePerFormKey(
          deps.idempotency,
          `${principal.role}:${principal.subjectId}`,
          'page-rotate-court-credentials',
          formKey,
          async () => {
            issued = await rotateCourtCredentials(credentials(), principal, courtId, hours * 3600);
            return `${courtsPath}/${courtId}?done=credentials_rotated_once`;
          },
        );
        if (once.outcome === 'in_progress') return show(c, formCsrf, { problems: [rotationRunning] }, 409);
        if (issued) return show(c, formCsrf, { issued: { ...issued, tokenEndpoint } }, 201);
        return c.redirect(once.location, 303);
      } catch (error) {
        return refusedOn(c, formCsrf, error);
      }
    }),
  );

  app.post('/roster/courts/:id/credentials/revocation', (c) =>
    guards.form(c, async (principal, form, formCsrf) => {
      if (Object.keys(form).some((key) => key !== 'csrf')) return show(c, formCsrf, { problems: [invalidForm] }, 400);
      try {
        await revokeCourtCredentials(credentials(), principal, c.req.param('id'));
        return c.redirect(`${courtsPath}/${c.req.param('id')}?done=credentials_revoked`, 303);
      } catch (error) {
        return refusedOn(c, formCsrf, error);
      }
    }),
  );
}

/** The use case's own rule (court-credentials.ts): a client, and not revoked. */
function hasWorkingCredentials(court: Court): boolean {
  return court.clientId !== undefined && court.credentialsRevokedAt === undefined;
}
