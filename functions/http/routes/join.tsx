import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { normalizeEmail, normalizePhone } from '../../../shared/domain/contacts/contact-normalization';
import { type DomainError, isDomainError, TooManyRequests } from '../../../shared/domain/errors';
import { consentBases } from '../../../shared/domain/mediation/case-party';
import { declineReasons } from '../../../shared/domain/mediation/dispute';
import { declineByInvitation, readInvitedClaim } from '../../../shared/use-cases/disputes/decline-mediation';
import { sendFreshInvitationCode } from '../../../shared/use-cases/disputes/fresh-invitation-code';
import { type InvitationView, joinDispute, viewInvitation } from '../../../shared/use-cases/disputes/join-dispute';
import { ownAddressesWrite } from '../../../shared/use-cases/service/party-addresses';
import type { AppEnv } from '../app-env';
import { writeJoinedTicket } from '../auth/page-session';
import type { HttpDeps } from '../deps';
import { emptyForm, type FormState, formStateFrom } from '../pages/kit/form-kit';
import {
  type Bilingual,
  beijingTime,
  type LinkFormPage,
  messages,
  refusalMessage,
  renderFormPage,
  renderPage,
  say,
} from '../pages/kit/page-kit';
import { joinText } from '../pages/party/join-messages';
import {
  CodeSentStep,
  DecisionStep,
  DeclinedStep,
  JoinedStep,
  ProofStep,
  UnavailableStep,
} from '../pages/party/join-pages';
import { headersOf, statusOf } from '../problem';
import { text } from './schemas';

const proofShape = {
  code: z.string().regex(/^\d{6}$/),
  idLastDigits: z.string().regex(/^[0-9A-Za-z]{4}$/),
};
const proofMessages = { code: messages.codeShape, idLastDigits: messages.idDigitsShape };

const proofSchema = z.object(proofShape).strict();

const joinFormSchema = z
  .object({
    ...proofShape,
    consentBasis: z.enum(consentBases).optional(),
    evidence: text({ max: 200, label: { zh: '依据材料', en: 'the evidence reference' } }).optional(),
    /** Absent: the party joins without consenting (consent needs a verified identity, DESIGN.md). */
    agree: z.literal('yes').optional(),
    phone: z.string().trim().max(40).optional(),
    email: text({ max: 254, label: { zh: '送达邮箱', en: 'the email for service' } }).optional(),
  })
  .strict();

const declineFormSchema = z
  .object({
    ...proofShape,
    reason: z.enum(declineReasons),
    note: text({ max: 500, multiline: true, label: { zh: '补充说明', en: 'the note' } }).optional(),
  })
  .strict();

/** The form's fields as typed, strings only; empty fields are left out of what is parsed. */
async function typedValues(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(
    Object.entries(body).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
  );
}

const filled = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

/**
 * The respondent's join pages (GET shows the proof form; POST …/claim proves and shows the claim;
 * POST joins; POST …/decline declines), in Chinese or English, usable on a phone, no script. The
 * link's token is the only thing that names the invitation. A refused form comes back with what
 * was typed and the error at its field, and nothing changed beyond the counted try.
 */
export function joinRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  const joinDeps = { ...deps, ownAddresses: ownAddressesWrite };
  const baseOf = (c: Context) => (c.req.path.startsWith('/j/') ? '/j' : '/join');
  const title = joinText.title;

  const proofPage: LinkFormPage<InvitationView> = (c, view, form, status = 200) =>
    renderFormPage(c, {
      title,
      status,
      body: (lang) => (
        <ProofStep lang={lang} base={baseOf(c)} token={c.req.param('token') ?? ''} view={view} form={form} />
      ),
    });

  const decisionPage = (
    c: Context,
    view: InvitationView,
    forms: { join: FormState; decline: FormState },
    status: ContentfulStatusCode,
    claim?: Awaited<ReturnType<typeof readInvitedClaim>>,
  ) =>
    renderFormPage(c, {
      title,
      status,
      body: (lang) => (
        <DecisionStep
          lang={lang}
          base={baseOf(c)}
          token={c.req.param('token') ?? ''}
          view={view}
          joinForm={forms.join}
          declineForm={forms.decline}
          {...(claim ? { claim } : {})}
        />
      ),
    });

  /** The invitation, or the page saying why it cannot be used. */
  const invitationOr = async (c: Context): Promise<InvitationView | Response> => {
    try {
      return await viewInvitation(deps, c.req.param('token') ?? '');
    } catch (error) {
      return unavailablePage(c, error);
    }
  };

  app.get('/:token', async (c) => {
    const view = await invitationOr(c);
    if (view instanceof Response) return view;
    return proofPage(c, view, emptyForm());
  });

  app.post('/:token/claim', async (c) => {
    const view = await invitationOr(c);
    if (view instanceof Response) return view;
    const values = await typedValues(c);
    const parsed = proofSchema.safeParse(filled(values));
    if (!parsed.success) return proofPage(c, view, formStateFrom(values, parsed.error.issues, proofMessages), 400);
    try {
      const claim = await readInvitedClaim(joinDeps, c.req.param('token'), {
        ...parsed.data,
        client: c.get('clientAddress'),
      });
      return decisionPage(c, view, { join: emptyForm(values), decline: emptyForm() }, 200, claim);
    } catch (error) {
      return refusedProof(c, view, values, error, proofPage);
    }
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    const view = await invitationOr(c);
    if (view instanceof Response) return view;
    const values = await typedValues(c);
    const proof = proofSchema.safeParse({ code: values.code ?? '', idLastDigits: values.idLastDigits ?? '' });
    if (!proof.success) return proofPage(c, view, formStateFrom(values, proof.error.issues, proofMessages), 400);
    const parsed = joinFormSchema.safeParse(filled(values));
    const form = parsed.success
      ? emptyForm(values)
      : formStateFrom(values, parsed.error.issues, {
          phone: messages.phoneInvalid,
          email: messages.emailInvalid,
        });
    const phone = parsed.success && parsed.data.phone ? normalizePhone(parsed.data.phone) : undefined;
    const email = parsed.success && parsed.data.email ? normalizeEmail(parsed.data.email) : undefined;
    if (parsed.success && parsed.data.phone && !phone) form.fieldErrors.phone = messages.phoneInvalid;
    if (parsed.success && parsed.data.email && !email) form.fieldErrors.email = messages.emailInvalid;
    const consenting = parsed.success && parsed.data.agree === 'yes';
    if (consenting && !parsed.data.phone && !parsed.data.email) form.fieldErrors.phone = messages.addressNeeded;
    if (parsed.success && !consenting && (parsed.data.phone || parsed.data.email)) {
      form.fieldErrors.agree = messages.addressWithConsent;
    }
    if (!parsed.success || Object.keys(form.fieldErrors).length > 0) {
      return decisionPage(c, view, { join: form, decline: emptyForm() }, 400);
    }
    try {
      const joined = await joinDispute(joinDeps, token, {
        code: parsed.data.code,
        idLastDigits: parsed.data.idLastDigits,
        client: c.get('clientAddress'),
        ...(consenting
          ? {
              consent: {
                basis: parsed.data.consentBasis ?? 'platform_declaration',
                ...(parsed.data.evidence ? { evidence: parsed.data.evidence } : {}),
              },
              serviceAddress: { ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
            }
          : {}),
      });
      // The proof just given carries to this browser's first sign-in, so the sign-in links to this person.
      if (deps.signIn) await writeJoinedTicket(c, deps.signIn, joined.person);
      return renderPage(c, {
        title: joinText.joinedTitle,
        status: 201,
        body: (lang) => (
          <JoinedStep lang={lang} reference={view.reference} disputeId={joined.disputeId} consented={consenting} />
        ),
      });
    } catch (error) {
      if (isDomainError(error) && error.code === 'identity_not_verified') {
        // Not a dead end: the carrier checks the invited mobile (none when the invitation came by
        // email); the party's own sign-in with its mobile verifies it later, on "My addresses".
        const refusal = refusalMessage(error);
        const agree = {
          zh: `${refusal.zh}${joinText.consentLater.zh}`,
          en: `${refusal.en} ${joinText.consentLater.en}`,
        };
        return decisionPage(c, view, { join: { ...form, fieldErrors: { agree } }, decline: emptyForm() }, 422);
      }
      return refusedProof(c, view, values, error, proofPage);
    }
  });

  app.post('/:token/decline', async (c) => {
    const view = await invitationOr(c);
    if (view instanceof Response) return view;
    const values = await typedValues(c);
    const proof = proofSchema.safeParse({ code: values.code ?? '', idLastDigits: values.idLastDigits ?? '' });
    if (!proof.success) return proofPage(c, view, formStateFrom(values, proof.error.issues, proofMessages), 400);
    const parsed = declineFormSchema.safeParse(filled(values));
    if (!parsed.success) {
      const form = formStateFrom(values, parsed.error.issues, {
        reason: joinText.reasonNeeded,
      });
      return decisionPage(c, view, { join: emptyForm(values), decline: form }, 400);
    }
    try {
      const { code, idLastDigits, reason, note } = parsed.data;
      await declineByInvitation(
        joinDeps,
        c.req.param('token'),
        { code, idLastDigits, client: c.get('clientAddress') },
        { reason, ...(note ? { note } : {}) },
      );
      return renderPage(c, {
        title: joinText.declinedTitle,
        body: (lang) => <DeclinedStep lang={lang} reference={view.reference} />,
      });
    } catch (error) {
      if (isDomainError(error) && (error.code === 'decline_not_open' || error.code === 'decline_respondent_only')) {
        const form = { ...emptyForm(values), formErrors: [refusalMessage(error)] };
        return decisionPage(c, view, { join: emptyForm(values), decline: form }, 422);
      }
      return refusedProof(c, view, values, error, proofPage);
    }
  });

  // A fresh code, sent to the address the invitation went to (never one given here).
  app.post('/:token/code', async (c) => {
    try {
      const sent = await sendFreshInvitationCode(deps, c.req.param('token'), c.get('clientAddress'));
      return renderPage(c, {
        title: messages.codeSentTitle,
        status: 202,
        body: (lang) => (
          <CodeSentStep lang={lang} base={baseOf(c)} token={c.req.param('token')} channel={sent.channel} />
        ),
      });
    } catch (error) {
      return unavailablePage(c, error);
    }
  });

  return app;
}

/**
 * A refused proof, at its fields: a wrong code or digits (with the tries left), a locked link (until
 * when, in Beijing time), too many tries from here (until when). A link that cannot be used at all
 * gets the unavailable page.
 */
function refusedProof(
  c: Context<AppEnv>,
  view: InvitationView,
  values: Record<string, string>,
  error: unknown,
  proofPage: (
    c: Context,
    view: InvitationView,
    form: FormState,
    status: ContentfulStatusCode,
  ) => Response | Promise<Response>,
) {
  if (!isDomainError(error)) throw error;
  const status = statusOf(error) as ContentfulStatusCode;
  const form = emptyForm(values);
  const details = error.details ?? {};
  if (error.code === 'join_proof_failed') {
    const wrong = refusalMessage(error);
    const locked = typeof details.lockedUntil === 'string' ? details.lockedUntil : undefined;
    const left = typeof details.triesLeft === 'number' ? details.triesLeft : undefined;
    const more: Bilingual | undefined = locked
      ? {
          zh: say('zh', 'lockedUntil', { at: beijingTime(locked, 'zh') }),
          en: say('en', 'lockedUntil', { at: beijingTime(locked, 'en') }),
        }
      : left !== undefined
        ? { zh: say('zh', 'triesLeft', { n: left }), en: say('en', 'triesLeft', { n: left }) }
        : undefined;
    form.fieldErrors.code = more ? { zh: `${wrong.zh}${more.zh}`, en: `${wrong.en} ${more.en}` } : wrong;
    form.fieldErrors.idLastDigits = wrong;
    return withHeaders(proofPage(c, view, form, status), headersOf(error));
  }
  if (error.code === 'invitation_locked' && typeof details.lockedUntil === 'string') {
    const at = details.lockedUntil;
    form.formErrors.push({
      zh: say('zh', 'lockedUntil', { at: beijingTime(at, 'zh') }),
      en: say('en', 'lockedUntil', { at: beijingTime(at, 'en') }),
    });
    return withHeaders(proofPage(c, view, form, status), headersOf(error));
  }
  if (error instanceof TooManyRequests || error.category === 'unavailable' || error.category === 'conflict') {
    const refusal = refusalMessage(error);
    const at = typeof details.retryAt === 'string' ? details.retryAt : undefined;
    form.formErrors.push(
      at
        ? {
            zh: `${refusal.zh}${say('zh', 'retryAfter', { at: beijingTime(at, 'zh') })}`,
            en: `${refusal.en} ${say('en', 'retryAfter', { at: beijingTime(at, 'en') })}`,
          }
        : refusal,
    );
    return withHeaders(proofPage(c, view, form, status), headersOf(error));
  }
  return unavailablePage(c, error);
}

async function withHeaders(response: Response | Promise<Response>, headers: Record<string, string> | undefined) {
  const answered = await response;
  for (const [name, value] of Object.entries(headers ?? {})) answered.headers.set(name, value);
  return answered;
}

function unavailablePage(c: Context, error: unknown) {
  if (!isDomainError(error)) throw error;
  return renderPage(c, {
    title: joinText.unavailableTitle,
    status: statusOf(error as DomainError) as ContentfulStatusCode,
    headers: headersOf(error as DomainError),
    body: (lang) => <UnavailableStep lang={lang} message={refusalMessage(error)} />,
  });
}
