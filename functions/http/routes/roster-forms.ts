import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';
import { type DomainError, isDomainError, NotFound, RuleViolation } from '../../../shared/domain/errors';
import { disputeCategories } from '../../../shared/domain/mediation/categories';
import type { Mediator } from '../../../shared/domain/mediation/mediator';
import type { Principal } from '../../../shared/domain/principal';
import { getMediator, listOrganizations } from '../../../shared/use-cases/roster/read-roster';
import { registerCourt } from '../../../shared/use-cases/roster/register-court';
import { registerMediator } from '../../../shared/use-cases/roster/register-mediator';
import { registerOrganization } from '../../../shared/use-cases/roster/register-organization';
import { updateMediator } from '../../../shared/use-cases/roster/update-mediator';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { formKeyField, formKeyFor, oncePerFormKey, postedFormKey } from '../pages/form-once';
import { emptyForm, type FormState, formStateFrom } from '../pages/kit/form-kit';
import { type Bilingual, messages } from '../pages/kit/messages';
import type { Form } from '../pages/session-cookies';
import {
  courtFormPage,
  mediatorChangePage,
  mediatorFormPage,
  organizationFormPage,
} from '../pages/staff/roster-forms-page';
import { staffLang } from '../pages/staff/staff-layout';
import { staffMessagePage } from '../pages/staff/staff-sign-in-page';
import { statusOf } from '../problem';
import { CourtRegistrationSchema } from './courts';
import { MediatorPatchSchema, MediatorRegistrationSchema } from './mediators';
import { OrganizationRegistrationSchema } from './organizations';

/*
 * The roster kept from pages (issue 14): the operator registers courts, organizations and
 * mediators and changes a mediator's availability. A form is turned into the API's request body
 * and checked by the API's own schema (routes/courts.ts, organizations.ts, mediators.ts), then the
 * API's use case applies the same rules; so a page refuses what the API refuses, and changes
 * nothing then. Each problem is shown at its field, with what was typed.
 */

type Ctx = Context<AppEnv>;

/** The service centre's guards (routes/service-centre.ts): a signed-in operator, and CSRF on forms. */
export interface OperatorGuards {
  page(c: Ctx, show: (principal: Principal, formCsrf: string, notice?: string) => Promise<Response>): Promise<Response>;
  form(c: Ctx, action: (principal: Principal, form: Form, formCsrf: string) => Promise<Response>): Promise<Response>;
}

const b = (zh: string, en: string): Bilingual => ({ zh, en });
const rosterPath = '/service-centre/roster';
/** Organizations the mediator form offers (the roster page shows as many). */
const organizationChoices = 200;

/** A list typed in one field: commas (either width), 、 or spaces between items. */
function listOf(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,，、]+/).filter((item) => item !== '');
}

/** A whole number typed in a field, else what was typed (the schema then says it is not a number). */
function numberOf(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** The profile fields the registration and the edit forms share, as the API's schemas take them. */
function mediatorProfileOf(values: Record<string, string>) {
  return {
    name: values.name ?? '',
    organizationId: values.organizationId ?? '',
    contact: {
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
      ...(values.email?.trim() ? { email: values.email.trim() } : {}),
    },
    specialties: disputeCategories.filter((category) => values[`specialty_${category}`] === 'yes'),
    languages: listOf(values.languages),
    regions: listOf(values.regions),
    crossBorderQualified: values.crossBorderQualified === 'yes',
  };
}

/** A mediator form refused by its schema: each problem at its field, in the page's words. */
function refusedMediator(values: Record<string, string>, issues: z.core.$ZodIssue[]) {
  const state = refused(values, issues, mediatorFieldOf, mediatorMessages);
  if (issues.some((issue) => issue.path.length === 1 && issue.path[0] === 'contact')) {
    state.fieldErrors.phone = contactNeeded;
  }
  // Nothing ticked is "choose one", not "required" (the group has no value of its own).
  if (state.fieldErrors.specialties) state.fieldErrors.specialties = mediatorMessages.specialties as Bilingual;
  return state;
}

function valuesOf(form: Form): Record<string, string> {
  const { csrf: _csrf, ...values } = form;
  return values;
}

/** The schema's issues moved to the page's fields, each in the field's own words. */
function refused(
  values: Record<string, string>,
  issues: readonly z.core.$ZodIssue[],
  fieldOf: (path: readonly PropertyKey[]) => string,
  fieldMessages: Record<string, Bilingual>,
): FormState {
  const moved = issues.map((issue) => ({ ...issue, path: [fieldOf(issue.path)] }));
  return formStateFrom(values, moved, fieldMessages);
}

/** A use case's refusal at the field it concerns; anything else about the form as a whole. */
function refusedByRule(values: Record<string, string>, error: DomainError, fields: Record<string, string>): FormState {
  const state = emptyForm(values);
  const field = error instanceof RuleViolation ? fields[error.code] : undefined;
  const message = b(ruleWords[error instanceof RuleViolation ? error.code : ''] ?? error.message, error.message);
  if (field) state.fieldErrors[field] = message;
  else state.formErrors.push(message);
  return state;
}

/** The form as shown: with the key that has it registered once however often it is posted (pages/form-once.ts). */
function withFormKey(form: FormState): FormState {
  return { ...form, values: { ...form.values, [formKeyField]: formKeyFor(form.values) } };
}

const stillRegistering = b(
  '该登记正在处理，请稍后查看名册',
  'This registration is being recorded; see the roster in a moment',
);

const ruleWords: Record<string, string> = {
  court_client_taken: '该 API 客户端已属于另一法院',
  unknown_court: '名册上没有该法院',
  unknown_organization: '名册上没有该组织',
  mediator_subject_taken: '此人已是名册上的调解员',
  staff_account_other_role: '该电子邮箱已用于管理员登录账号，请使用另一邮箱',
  capacity_below_load: '上限不得低于在办案件数',
};

const courtMessages: Record<string, Bilingual> = {
  name: b('名称为 2 至 100 个字符', 'The name is 2 to 100 characters'),
  level: b('请选择级别', 'Choose the level'),
  regionCode: b('行政区划代码为六位数字', 'A division code is six digits'),
  regions: b('管辖区域为 2 至 6 位数字的行政区划代码', 'Jurisdiction: division codes of 2 to 6 digits'),
  caseTypes: b('案件类型每项 1 至 60 个字符', 'Each case type is 1 to 60 characters'),
  clientId: b('客户端 ID 为 6 至 128 个字母、数字、_ 或 -', 'A client id is 6 to 128 letters, digits, _ or -'),
};

const organizationMessages: Record<string, Bilingual> = {
  name: b('名称为 2 至 120 个字符', 'The name is 2 to 120 characters'),
  kind: b('请选择类型', 'Choose the kind'),
  regionCode: b('行政区划代码为 2、4 或 6 位数字', 'A division code is 2, 4 or 6 digits'),
  linkedCourtIds: b('法院编号有误', 'A court id is not valid'),
};

const mediatorMessages: Record<string, Bilingual> = {
  name: b('姓名为 2 至 80 个字符', 'The name is 2 to 80 characters'),
  subjectId: b(
    '请填写登录账号标识，或填写电子邮箱以创建登录账号',
    'Enter the sign-in subject, or an email to create a sign-in with',
  ),
  organizationId: b('请选择组织', 'Choose the organization'),
  phone: b('手机号须为 E.164 格式，如 +8613800000000', 'A mobile number in E.164, e.g. +8613800000000'),
  email: b('电子邮箱格式有误', 'The email address is not valid'),
  specialties: b('请至少选择一项专长', 'Choose at least one specialty'),
  languages: b('语言代码为 2 至 3 个小写字母，如 zh', 'Language codes are 2 or 3 lower-case letters, e.g. zh'),
  regions: b('行政区划代码为 2、4 或 6 位数字', 'Division codes are 2, 4 or 6 digits'),
  capacity: b('上限为 1 至 200 的整数', 'A whole number from 1 to 200'),
  online: b('请选择线上状态', 'Choose the online status'),
  crossBorderQualified: b('请选择', 'Choose'),
  addConflicts: b(
    '证件号码有误（居民身份证须为有效的 18 位号码）',
    'An ID number is not valid (a resident ID must be a valid 18-character number)',
  ),
  leave: b(
    '每行一段：起始日 结束日（YYYY-MM-DD），结束日不早于起始日',
    'One period a line: first and last day (YYYY-MM-DD), the last not before the first',
  ),
};

const contactNeeded = b('手机号与电子邮箱至少填一项', 'Enter a mobile number or an email address, for offers');

export function mountRosterForms(app: Hono<AppEnv>, deps: HttpDeps, guards: OperatorGuards): void {
  const html = (c: Ctx, page: ReturnType<typeof courtFormPage>, status = 200) =>
    c.html(page, status as ContentfulStatusCode);
  const frame = (c: Ctx, formCsrf: string, path: string) => ({ lang: staffLang(c), path, csrf: formCsrf });

  /**
   * Registers once per showing of the form (pages/form-once.ts): a double click or a reload of the
   * answer leads to the roster, not to a second court, organization or mediator. A rule's refusal
   * writes nothing and releases the key, so the corrected form goes through.
   */
  const registerOnce = async (
    c: Ctx,
    principal: Principal,
    values: Record<string, string>,
    form: {
      purpose: string;
      register: () => Promise<unknown>;
      done: string;
      ruleFields: Record<string, string>;
      refused: (state: FormState, status: ContentfulStatusCode) => Response | Promise<Response>;
    },
  ): Promise<Response> => {
    const formKey = postedFormKey(values);
    if (!formKey) return form.refused({ ...emptyForm(values), formErrors: [messages.formExpired] }, 400);
    const scope = `${principal.role}:${principal.subjectId}`;
    try {
      const once = await oncePerFormKey(deps.idempotency, scope, form.purpose, formKey, async () => {
        await form.register();
        return `${rosterPath}?done=${form.done}`;
      });
      if (once.outcome === 'in_progress') {
        return form.refused({ ...emptyForm(values), formErrors: [stillRegistering] }, 409);
      }
      return c.redirect(once.location, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return form.refused(refusedByRule(values, error, form.ruleFields), statusOf(error) as ContentfulStatusCode);
    }
  };

  // Courts.
  const courtPage = (c: Ctx, formCsrf: string, form: FormState, status = 200) =>
    html(c, courtFormPage({ ...frame(c, formCsrf, `${rosterPath}/courts/new`), form: withFormKey(form) }), status);

  app.get('/roster/courts/new', (c) =>
    guards.page(c, async (_principal, formCsrf) => courtPage(c, formCsrf, emptyForm({ level: 'basic' }))),
  );
  app.post('/roster/courts', (c) =>
    guards.form(c, async (principal, form, formCsrf) => {
      const values = valuesOf(form);
      const body = {
        name: values.name ?? '',
        level: values.level ?? '',
        regionCode: values.regionCode ?? '',
        jurisdiction: { regions: listOf(values.regions), caseTypes: listOf(values.caseTypes) },
        ...(values.clientId?.trim() ? { clientId: values.clientId.trim() } : {}),
      };
      const parsed = CourtRegistrationSchema.safeParse(body);
      if (!parsed.success) {
        const fieldOf = (path: readonly PropertyKey[]) =>
          path[0] === 'jurisdiction' ? (path[1] === 'caseTypes' ? 'caseTypes' : 'regions') : String(path[0] ?? 'form');
        return courtPage(c, formCsrf, refused(values, parsed.error.issues, fieldOf, courtMessages), 400);
      }
      return registerOnce(c, principal, values, {
        purpose: 'page-court',
        register: () => registerCourt(deps, principal, parsed.data),
        done: 'court_registered',
        ruleFields: { court_client_taken: 'clientId' },
        refused: (state, status) => courtPage(c, formCsrf, state, status),
      });
    }),
  );

  // Organizations.
  const organizationPage = (c: Ctx, formCsrf: string, form: FormState, status = 200) =>
    html(
      c,
      organizationFormPage({ ...frame(c, formCsrf, `${rosterPath}/organizations/new`), form: withFormKey(form) }),
      status,
    );

  app.get('/roster/organizations/new', (c) =>
    guards.page(c, async (_principal, formCsrf) =>
      organizationPage(c, formCsrf, emptyForm({ kind: 'peoples_mediation_committee' })),
    ),
  );
  app.post('/roster/organizations', (c) =>
    guards.form(c, async (principal, form, formCsrf) => {
      const values = valuesOf(form);
      const body = {
        name: values.name ?? '',
        kind: values.kind ?? '',
        regionCode: values.regionCode ?? '',
        linkedCourtIds: listOf(values.linkedCourtIds),
      };
      const parsed = OrganizationRegistrationSchema.safeParse(body);
      if (!parsed.success) {
        const fieldOf = (path: readonly PropertyKey[]) => String(path[0] ?? 'form');
        return organizationPage(c, formCsrf, refused(values, parsed.error.issues, fieldOf, organizationMessages), 400);
      }
      return registerOnce(c, principal, values, {
        purpose: 'page-organization',
        register: () => registerOrganization(deps, principal, parsed.data),
        done: 'organization_registered',
        ruleFields: { unknown_court: 'linkedCourtIds' },
        refused: (state, status) => organizationPage(c, formCsrf, state, status),
      });
    }),
  );

  // Mediators.
  const mediatorPage = async (c: Ctx, formCsrf: string, form: FormState, status = 200) => {
    const organizations = await listOrganizations(deps, { limit: organizationChoices });
    return html(
      c,
      mediatorFormPage({
        ...frame(c, formCsrf, `${rosterPath}/mediators/new`),
        form: withFormKey(form),
        organizations: organizations.items,
      }),
      status,
    );
  };

  app.get('/roster/mediators/new', (c) =>
    guards.page(c, async (_principal, formCsrf) =>
      mediatorPage(c, formCsrf, emptyForm({ languages: 'zh', capacity: '5', online: 'yes' })),
    ),
  );
  app.post('/roster/mediators', (c) =>
    guards.form(c, async (principal, form, formCsrf) => {
      const values = valuesOf(form);
      const body = {
        ...mediatorProfileOf(values),
        ...(values.subjectId?.trim() ? { subjectId: values.subjectId.trim() } : {}),
        online: values.online === 'yes',
        capacity: numberOf(values.capacity),
      };
      const parsed = MediatorRegistrationSchema.safeParse(body);
      if (!parsed.success) {
        return mediatorPage(c, formCsrf, refusedMediator(values, parsed.error.issues), 400);
      }
      return registerOnce(c, principal, values, {
        purpose: 'page-mediator',
        register: () => registerMediator(deps, principal, parsed.data),
        done: 'mediator_registered',
        ruleFields: {
          unknown_organization: 'organizationId',
          mediator_subject_taken: 'subjectId',
          staff_account_other_role: 'email',
        },
        refused: (state, status) => mediatorPage(c, formCsrf, state, status),
      });
    }),
  );

  // A mediator's availability.
  const changePage = async (c: Ctx, formCsrf: string, mediator: Mediator, form: FormState, status = 200) => {
    const organizations = await listOrganizations(deps, { limit: organizationChoices });
    return html(
      c,
      mediatorChangePage({
        ...frame(c, formCsrf, `${rosterPath}/mediators/${mediator.id}`),
        form,
        mediator,
        organizations: organizations.items,
      }),
      status,
    );
  };
  const notFound = (c: Ctx) =>
    c.html(
      staffMessagePage({
        lang: staffLang(c),
        area: 'operator',
        title: '未找到 / Not found',
        message: '名册上没有该调解员 / No such mediator on the roster',
      }),
      404,
    );
  const findMediator = (id: string) =>
    getMediator(deps, id).catch((error: unknown) => {
      if (error instanceof NotFound) return undefined;
      throw error;
    });

  app.get('/roster/mediators/:id', (c) =>
    guards.page(c, async (_principal, formCsrf) => {
      const mediator = await findMediator(c.req.param('id'));
      if (!mediator) return notFound(c);
      return changePage(c, formCsrf, mediator, emptyForm(mediatorValues(mediator)));
    }),
  );
  app.post('/roster/mediators/:id', (c) =>
    guards.form(c, async (principal, form, formCsrf) => {
      const mediator = await findMediator(c.req.param('id'));
      if (!mediator) return notFound(c);
      const values = valuesOf(form);
      const leave = leaveOf(values.leave);
      // The whole profile as the page shows it: the API's PATCH with every field (the same schema and use case).
      const body = {
        ...mediatorProfileOf(values),
        online: values.online === 'yes' ? true : values.online === 'no' ? false : values.online,
        // The page always shows the capacity: left empty, it is missing (the API would keep it).
        capacity: numberOf(values.capacity) ?? '',
        leave,
        // A conflict is declared once and kept (the API's addConflicts): the field starts empty each time.
        ...(listOf(values.addConflicts).length > 0 ? { addConflicts: listOf(values.addConflicts) } : {}),
      };
      const parsed = MediatorPatchSchema.safeParse(body);
      if (!parsed.success) {
        return changePage(c, formCsrf, mediator, refusedMediator(values, parsed.error.issues), 400);
      }
      try {
        await updateMediator(deps, principal, mediator.id, parsed.data);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const state = refusedByRule(values, error, {
          capacity_below_load: 'capacity',
          unknown_organization: 'organizationId',
          too_many_places: 'regions',
        });
        return changePage(c, formCsrf, mediator, state, statusOf(error));
      }
      return c.redirect(`${rosterPath}?done=mediator_updated`, 303);
    }),
  );
}

function mediatorFieldOf(path: readonly PropertyKey[]): string {
  if (path[0] === 'contact') return path[1] === 'email' ? 'email' : 'phone';
  return String(path[0] ?? 'form');
}

/** The change form's fields as the mediator stands on the roster. */
function mediatorValues(mediator: Mediator): Record<string, string> {
  return {
    name: mediator.name,
    organizationId: mediator.organizationId,
    phone: mediator.contact.phone ?? '',
    email: mediator.contact.email ?? '',
    ...Object.fromEntries(mediator.specialties.map((category) => [`specialty_${category}`, 'yes'])),
    languages: mediator.languages.join(', '),
    regions: mediator.regions.join(', '),
    ...(mediator.crossBorderQualified ? { crossBorderQualified: 'yes' } : {}),
    online: mediator.online ? 'yes' : 'no',
    capacity: String(mediator.capacity),
    leave: mediator.leave.map((period) => `${period.from} ${period.to}`).join('\n'),
  };
}

/** Leave typed one period a line ("2026-12-24 2026-12-31"); a line not of two dates is kept for the schema to refuse. */
function leaveOf(text: string | undefined): unknown[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [from, to, ...rest] = line.split(/[\s,，~～至]+/).filter((part) => part !== '');
      return rest.length === 0 && from && to ? { from, to } : { from: line, to: '' };
    });
}
