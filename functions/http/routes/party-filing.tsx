import { type Context, Hono } from 'hono';
import type * as z from 'zod';
import { isDomainError } from '../../../shared/domain/errors';
import type { DisputeCategory } from '../../../shared/domain/mediation/categories';
import { fileDispute } from '../../../shared/use-cases/disputes/file-dispute';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { formKeyField, formKeyFor, oncePerFormKey, postedFormKey } from '../pages/form-once';
import {
  type Bilingual,
  emptyForm,
  type FormState,
  formStateFrom,
  messages,
  refusalMessage,
  renderFormPage,
  renderPage,
} from '../pages/kit/page-kit';
import {
  categoryQuestions,
  FilingCategoryStep,
  FilingDetailsStep,
  filingText,
  isCategory,
  maxOtherParties,
  otherPartyBlocks,
} from '../pages/party/filing-page';
import { csrfCookie, type Form, formOf } from '../pages/session-cookies';
import { DisputeFilingSchema } from './disputes';
import { partyOrSignIn } from './party-space';

/** The filing form's double-submit token, scoped to /file. */
const csrf = csrfCookie('platform-file-csrf', () => '/file', 60 * 60);

/**
 * The guided filing (DESIGN.md, "Edge and pages"; issue 13): `GET /file` asks the category first;
 * `GET /file?category=…` asks what that category needs, the claim, the other party and its
 * contacts, and the filer's own consent and addresses; `POST /file` files through the same use
 * case and the same validation as `POST /v1/disputes` (its zod schema), so the page cannot file
 * what the API would refuse. The form is filed once per showing (pages/form-once.ts): a retried
 * post (a double click, a reload of the answer) goes to the case filed the first time.
 */
export function partyFilingRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  const fileDeps = { ...deps, calendar: deps.calendar, publicBaseUrl: deps.publicBaseUrl };

  const detailsPage = (c: Context, category: DisputeCategory, form: FormState, status: 200 | 400 | 409 | 422 | 429) => {
    const values = {
      stage: 'pre_filing',
      otherKind: 'company',
      ...form.values,
      csrf: csrf.ensure(c),
      [formKeyField]: formKeyFor(form.values),
    };
    return renderFormPage(c, {
      title: filingText.title,
      signedIn: true,
      status,
      body: (lang) => (
        <FilingDetailsStep lang={lang} category={category} form={{ ...form, values }} others={othersShown(values)} />
      ),
    });
  };

  app.get('/file', async (c) => {
    const principal = await partyOrSignIn(c, deps);
    if (principal instanceof Response) return principal;
    const category = c.req.query('category');
    if (isCategory(category)) return detailsPage(c, category, emptyForm(), 200);
    const chose = category !== undefined;
    const form = chose ? { ...emptyForm(), fieldErrors: { category: filingText.categoryNeeded } } : emptyForm();
    return renderPage(c, {
      title: filingText.title,
      signedIn: true,
      status: chose ? 400 : 200,
      hasErrors: chose,
      body: (lang) => <FilingCategoryStep lang={lang} form={form} />,
    });
  });

  app.post('/file', async (c) => {
    const principal = await partyOrSignIn(c, deps);
    if (principal instanceof Response) return principal;
    const values = await formOf(c);
    const category = values.category;
    if (!isCategory(category)) return c.redirect('/file', 303);
    const refused = (form: FormState, status: 400 | 409 | 422 | 429) => detailsPage(c, category, form, status);
    // "Add another respondent": the same form again with one more block, what was typed kept,
    // nothing checked or filed yet. (It is the form's first button, so Enter in a field adds a
    // block instead of filing half a form.)
    if (values.action === 'add_party') {
      const others = Math.min(othersShown(values) + 1, maxOtherParties);
      return detailsPage(c, category, emptyForm({ ...values, others: String(others) }), 200);
    }
    const formKey = postedFormKey(values);
    if (!csrf.matches(c, values) || !formKey) {
      return refused({ ...emptyForm(values), formErrors: [messages.formExpired] }, 400);
    }
    const unanswered = categoryQuestions[category].flatMap((_, index) =>
      (values[`q${index + 1}`] ?? '').trim() ? [] : [`q${index + 1}`],
    );
    const { filing: asFiled, blocks } = filingOf(values, category);
    const parsed = DisputeFilingSchema.safeParse(asFiled);
    if (!parsed.success || unanswered.length > 0) {
      const issues = parsed.success ? [] : pageIssues(parsed.error.issues, blocks);
      const form = formStateFrom(values, issues, fieldWordsFor(blocks));
      for (const field of unanswered) form.fieldErrors[field] = messages.required;
      // Too long is not too short: the answers above count towards the summary's limit, say so.
      if (issues.some((issue) => issue.path[0] === 'summary' && issue.code === 'too_big')) {
        form.fieldErrors.summary = filingText.summaryLong;
      }
      for (const prefix of blocks) {
        if (
          form.fieldErrors[`${prefix}Phone`] &&
          !values[`${prefix}Phone`]?.trim() &&
          !values[`${prefix}Email`]?.trim()
        ) {
          form.fieldErrors[`${prefix}Phone`] = filingText.contactNeeded;
        }
      }
      return refused(form, 400);
    }
    const scope = `${principal.role}:${principal.subjectId}`;
    try {
      const filed = await oncePerFormKey(deps.idempotency, scope, 'page-filing', formKey, async () => {
        const filing = parsed.data;
        const dispute = await fileDispute(fileDeps, principal, {
          ...filing,
          claim: { amountMinor: filing.claim.amount, currency: filing.claim.currency },
        });
        return `/cases/${dispute.id}?done=filed`;
      });
      if (filed.outcome === 'in_progress') {
        return refused({ ...emptyForm(values), formErrors: [filingText.inProgress] }, 409);
      }
      return c.redirect(filed.location, 303);
    } catch (error) {
      // Nothing was written (the filing is one transaction): the same form may be sent again.
      if (!isDomainError(error)) throw error;
      const field = refusedField[error.code];
      const message = refusalMessage(error);
      const form = field
        ? { ...emptyForm(values), fieldErrors: { [field]: message } }
        : { ...emptyForm(values), formErrors: [message] };
      return refused(form, error.category === 'too_many' ? 429 : 422);
    }
  });

  return app;
}

/** How many blocks for other parties the posted form had (the hidden `others`), 1 to the API's limit. */
function othersShown(values: Form): number {
  const shown = Number.parseInt(values.others ?? '1', 10);
  return Number.isInteger(shown) ? Math.min(Math.max(shown, 1), maxOtherParties) : 1;
}

/** Whether an added block was left empty (its kind alone is a default, not an answer). */
function isEmptyBlock(values: Form, prefix: string): boolean {
  return ['Name', 'Id', 'Phone', 'Email'].every((field) => !(values[`${prefix}${field}`] ?? '').trim());
}

/**
 * The form as the API's filing: the filer is the applicant (a person, with its own contacts and,
 * when it consents, its addresses for service); each other party's block is a respondent (an added
 * block left empty is no party). The category's answers head the summary, so the mediator and the
 * respondents read them. `blocks` names the block each respondent came from, in order.
 */
/** The form field a refusal is about, shown beside it; other refusals head the form. */
const refusedField: Record<string, string> = { identity_not_verified: 'consent', applicant_is_filer: 'ownId' };

function filingOf(values: Form, category: DisputeCategory) {
  const answers = categoryQuestions[category]
    .map((question, index) => {
      const answer = (values[`q${index + 1}`] ?? '').trim();
      return answer ? `${question.zh}：${answer}` : '';
    })
    .filter(Boolean);
  const given = (name: string) => {
    const value = (values[name] ?? '').trim();
    return value ? value : undefined;
  };
  const contact = (phone?: string, email?: string) => ({
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  });
  const regionCode = values.regionCode?.trim() ?? '';
  const consents = values.consent === 'yes';
  const servicePhone = given('servicePhone');
  const serviceEmail = given('serviceEmail');
  const blocks = otherPartyBlocks(othersShown(values)).filter(
    (prefix, index) => index === 0 || !isEmptyBlock(values, prefix),
  );
  const filing = {
    category,
    claim: { amount: (values.amount ?? '').trim(), currency: 'CNY' },
    regionCode,
    subjectMatterRegion: regionCode,
    language: 'zh',
    summary: [...answers, (values.summary ?? '').trim()].join('\n'),
    stage: values.stage === 'in_litigation' ? 'in_litigation' : 'pre_filing',
    parties: [
      {
        role: 'applicant',
        kind: 'person',
        name: (values.ownName ?? '').trim(),
        idNumber: (values.ownId ?? '').trim(),
        domicile: { country: 'CN', ...(/^\d{6}$/.test(regionCode) ? { regionCode } : {}) },
        contact: contact(given('ownPhone'), given('ownEmail')),
        ...(consents ? { consent: { basis: 'platform_declaration' } } : {}),
        ...(consents && (servicePhone || serviceEmail) ? { serviceAddress: contact(servicePhone, serviceEmail) } : {}),
      },
      ...blocks.map((prefix) => ({
        role: 'respondent',
        kind: values[`${prefix}Kind`] === 'person' ? 'person' : 'company',
        name: (values[`${prefix}Name`] ?? '').trim(),
        idNumber: (values[`${prefix}Id`] ?? '').trim(),
        domicile: { country: 'CN' },
        contact: contact(given(`${prefix}Phone`), given(`${prefix}Email`)),
      })),
    ],
  };
  return { filing, blocks };
}

/** The form field each part of the API's filing came from (`blocks`: each respondent's block, in order). */
function fieldOf(path: readonly PropertyKey[], blocks: readonly string[]): string | undefined {
  const [head, index, part, sub] = path;
  if (head === 'claim') return 'amount';
  if (head === 'summary') return 'summary';
  if (head === 'regionCode' || head === 'subjectMatterRegion') return 'regionCode';
  if (head === 'stage') return 'stage';
  if (head !== 'parties') return undefined;
  const who = index === 0 ? 'own' : typeof index === 'number' ? blocks[index - 1] : undefined;
  if (!who) return undefined;
  if (part === 'name') return `${who}Name`;
  if (part === 'idNumber') return `${who}Id`;
  if (part === 'contact') return sub === 'email' ? `${who}Email` : `${who}Phone`;
  if (part === 'serviceAddress') return sub === 'email' ? 'serviceEmail' : 'servicePhone';
  if (part === 'consent') return 'consent';
  return undefined;
}

/** The API schema's issues, each at the form field it came from (the rest about the form as a whole). */
function pageIssues(issues: readonly z.core.$ZodIssue[], blocks: readonly string[]): z.core.$ZodIssue[] {
  return issues.map((issue) => {
    const field = fieldOf(issue.path, blocks);
    return { ...issue, path: field ? [field] : [] } as z.core.$ZodIssue;
  });
}

/** Each field's own words when the API's message is not already bilingual. */
function fieldWordsFor(blocks: readonly string[]): Record<string, Bilingual> {
  return {
    amount: filingText.amountInvalid,
    summary: filingText.summaryShort,
    regionCode: filingText.regionInvalid,
    ownName: filingText.nameNeeded,
    ownId: filingText.idInvalid,
    ownPhone: messages.phoneInvalid,
    ownEmail: messages.emailInvalid,
    servicePhone: messages.phoneInvalid,
    serviceEmail: messages.emailInvalid,
    ...Object.fromEntries(
      blocks.flatMap((prefix) => [
        [`${prefix}Name`, filingText.nameNeeded],
        [`${prefix}Id`, filingText.idInvalid],
        [`${prefix}Phone`, filingText.contactNeeded],
        [`${prefix}Email`, messages.emailInvalid],
      ]),
    ),
  };
}
