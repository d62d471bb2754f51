import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { AlreadyExists, isDomainError, NotFound } from '../../../shared/domain/errors';
import { ratingIsOpen } from '../../../shared/domain/mediation/mediation-rating';
import type { Principal } from '../../../shared/domain/principal';
import { caseStage } from '../../../shared/domain/settlement/case-stage';
import { parseSettlementDocument, settlementDocumentHtml } from '../../../shared/domain/settlement/settlement-document';
import { applyForConfirmation } from '../../../shared/use-cases/confirmations/apply-for-confirmation';
import { eligibleCourts } from '../../../shared/use-cases/confirmations/eligible-courts';
import {
  readPartyRuling,
  readRulingDocument,
  signForRuling,
} from '../../../shared/use-cases/confirmations/party-ruling';
import { withdrawConfirmationApplication } from '../../../shared/use-cases/confirmations/withdraw-application';
import { rateMediation, readOwnRating } from '../../../shared/use-cases/disputes/rate-mediation';
import { getDispute, listDisputes } from '../../../shared/use-cases/disputes/read-disputes';
import { recommendMediators } from '../../../shared/use-cases/disputes/recommend-mediators';
import { recordPicks } from '../../../shared/use-cases/disputes/record-picks';
import { getMediator, getOrganization } from '../../../shared/use-cases/roster/read-roster';
import { addOwnAddresses, readOwnAddresses } from '../../../shared/use-cases/service/own-addresses';
import { getSettlementDocument } from '../../../shared/use-cases/settlements/read-settlement';
import { signSettlement } from '../../../shared/use-cases/settlements/sign-settlement';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { formKeyField, formKeyFor, oncePerFormKey, postedFormKey } from '../pages/form-once';
import { emptyForm, type FormState, formStateFrom } from '../pages/kit/form-kit';
import type { Bilingual } from '../pages/kit/messages';
import { messages, refusalMessage, renderFormPage, renderPage } from '../pages/kit/page-kit';
import { AddressesPage, addressText } from '../pages/party/addresses-page';
import { confirmationText } from '../pages/party/confirmation-section';
import { partyText } from '../pages/party/party-messages';
import { CasePage, type MediatorCard, MyCases } from '../pages/party/party-pages';
import { RatingSection, ratingText } from '../pages/party/rating-section';
import { DecisionSection, RulingPage, rulingText } from '../pages/party/ruling-page';
import { SettlementPage, settlementText } from '../pages/party/settlement-page';
import { csrfCookie, formOf } from '../pages/session-cookies';
import { statusOf } from '../problem';
import { pagePrincipal, pageSignInSub } from './auth';
import { text } from './schemas';
import { settlementDeps, signingClientOf } from './settlements';

/** The party pages' forms carry a double-submit token scoped to /cases (session-cookies.ts). */
const csrf = csrfCookie('platform-party-csrf', () => '/cases', 60 * 60);
/** The addresses page's own token, scoped to /addresses. */
const addressCsrf = csrfCookie('platform-address-csrf', () => '/addresses', 60 * 60);

const picksSchema = z
  .object({
    csrf: z.string(),
    pick1: z.string().min(1).max(64),
    pick2: z.string().max(64).optional(),
    pick3: z.string().max(64).optional(),
  })
  .strict();

/** A rating from the case page: the same bounds as `POST /v1/disputes/{id}/ratings`. */
const ratingSchema = z
  .object({
    csrf: z.string(),
    [formKeyField]: z.string(),
    score: z.enum(['1', '2', '3', '4', '5']),
    comment: text({ max: 1000, multiline: true, label: { zh: '评语', en: 'The comment' } }).optional(),
  })
  .strict();

/**
 * The party's own space (DESIGN.md, "Edge and pages"; issue 13): `/` lists its cases with each
 * one's status and next step; `/cases/{id}` is the case (deadlines in Beijing time, parties,
 * mediator, recommendations with their reasons and the party's picks, timeline). Signed in through
 * /auth/sign-in (a parties' session cookie, verified in Lambda); pages call the use cases directly.
 */
/** The signed-in, linked party; otherwise the answer that sends the visitor to sign in or link. */
export async function partyOrSignIn(c: Context, deps: HttpDeps): Promise<Principal | Response> {
  const principal = await pagePrincipal(c, deps);
  const back = encodeURIComponent(c.req.method === 'GET' ? c.req.path : '/');
  if (!principal) return c.redirect(`/auth/sign-in?pool=parties&return=${back}`, 303);
  if (principal === 'unlinked') return c.redirect(`/auth/link?return=${back}`, 303);
  // A staff session is not a party: the API refuses mediators and operators a filing (403), so
  // the party's pages do too, rather than acting for them.
  if (principal.role !== 'party') return forPartiesOnly(c);
  return principal;
}

function forPartiesOnly(c: Context) {
  return renderPage(c, {
    title: partyText.forPartiesOnlyTitle,
    signedIn: true,
    status: 403,
    body: (lang) => (
      <>
        <h1>{partyText.forPartiesOnlyTitle[lang]}</h1>
        <p>{partyText.forPartiesOnly[lang]}</p>
        <p>
          <a href="/inbox">{partyText.staffPages[lang]}</a>
        </p>
      </>
    ),
  });
}

export function partySpaceRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();

  const partyOr = (c: Context) => partyOrSignIn(c, deps);

  const myCases = async (c: Context) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    const page = await listDisputes(deps, principal, { limit: 50 });
    return renderPage(c, {
      title: partyText.myCasesTitle,
      signedIn: true,
      body: (lang) => <MyCases lang={lang} disputes={page.items} />,
    });
  };
  app.get('/', myCases);
  app.get('/cases', myCases);

  const casePage = async (
    c: Context,
    principal: Principal,
    form: FormState,
    status: 200 | 400 | 404 | 409 | 422 = 200,
    ratingForm: FormState = emptyForm(),
  ) => {
    const disputeId = c.req.param('id') ?? '';
    const view = await getDispute(deps, principal, disputeId);
    const rateable = ratingIsOpen(view.dispute) && view.parties.some((party) => party.you);
    const given = rateable ? await readOwnRating(deps, principal, disputeId) : undefined;
    const recommendations = ['triaged', 'filed'].includes(view.dispute.status)
      ? await mediatorCards(deps, principal, disputeId, view.dispute.category)
      : [];
    const mediatorName = view.dispute.mediatorId
      ? (await getMediator(deps, view.dispute.mediatorId).catch(() => undefined))?.name
      : undefined;
    const token = csrf.ensure(c);
    const picksForm = { ...form, values: { ...form.values, csrf: token } };
    const done = c.req.query('done');
    const notice = done === 'picks_saved' || done === 'filed' || done === 'withdrawn' ? done : undefined;
    const ratingNotice = done === 'rated' && given ? 'rated' : given && status === 409 ? 'already_rated' : undefined;
    const rating = {
      ...ratingForm,
      values: { ...ratingForm.values, csrf: token, [formKeyField]: formKeyFor(ratingForm.values) },
    };
    const settlement = (await deps.store.settlements.settlementOfDispute(disputeId))?.settlement;
    const hasSettlement = settlement !== undefined;
    const ruling = hasSettlement ? await readPartyRuling(deps, principal, disputeId) : undefined;
    const you = view.parties.find((party) => party.you);
    // The next step follows the whole case: the settlement and the latest application too.
    const stage = caseStage({
      disputeStatus: view.dispute.status,
      ...(settlement ? { settlement } : {}),
      ...(ruling ? { request: ruling.request } : {}),
      ...(you ? { partyId: you.partyId } : {}),
      rulingServed: ['served', 'served_alternatively'].includes(ruling?.served?.recipient.status ?? ''),
      now: deps.clock.now(),
    });
    return renderFormPage(c, {
      title: { zh: `纠纷 ${disputeId.slice(-8)}`, en: `Dispute ${disputeId.slice(-8)}` },
      signedIn: true,
      status,
      body: (lang) => (
        <CasePage
          lang={lang}
          view={view}
          recommendations={recommendations}
          picksForm={picksForm}
          {...(mediatorName ? { mediatorName } : {})}
          {...(notice ? { notice } : {})}
          hasSettlement={hasSettlement}
          stage={stage}
          decision={ruling ? <DecisionSection lang={lang} disputeId={disputeId} ruling={ruling} csrf={token} /> : ''}
          rating={
            rateable ? (
              <RatingSection
                lang={lang}
                disputeId={disputeId}
                mediatorName={mediatorName ?? ''}
                form={rating}
                {...(given ? { given } : {})}
                {...(ratingNotice ? { notice: ratingNotice } : {})}
              />
            ) : (
              ''
            )
          }
        />
      ),
    });
  };

  app.get('/cases/:id', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    try {
      return await casePage(c, principal, emptyForm());
    } catch (error) {
      return notYours(c, error);
    }
  });

  app.post('/cases/:id/confirmation/withdrawal', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    const values = await formOf(c);
    const disputeId = c.req.param('id');
    const refused = (message: Bilingual, status: 400 | 422) =>
      casePage(c, principal, { ...emptyForm(), formErrors: [message] }, status).catch((error) => notYours(c, error));
    if (!csrf.matches(c, values)) return refused(messages.formExpired, 400);
    try {
      const ruling = await readPartyRuling(deps, principal, disputeId);
      if (!ruling) throw new NotFound(`no application in ${disputeId}`);
      await withdrawConfirmationApplication(confirmationDeps(deps), principal, ruling.request.requestId, {});
      return c.redirect(`/cases/${disputeId}?done=withdrawn#decision`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.category === 'not_found') return notYours(c, error);
      return refused(refusalMessage(error), 422);
    }
  });

  /*
   * A closed mediation rated from the case page, through the API's use case (rateMediation). The
   * form is done once per showing (form-once.ts): a double click or a reload of the answer leads to
   * the rating the first post gave; a second rating from a fresh showing is refused by the use case
   * and the page shows the rating already given.
   */
  app.post('/cases/:id/rating', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    const disputeId = c.req.param('id');
    const values = await formOf(c);
    // Field errors at the rating form's fields (input kept); errors about the form as a whole at the
    // head of the page, where they show even when the case cannot be rated.
    const refused = (form: FormState, status: 400 | 409 | 422) =>
      casePage(c, principal, emptyForm(), status, form).catch((error) => notYours(c, error));
    const refusedWhole = (message: Bilingual, status: 400 | 409 | 422) =>
      casePage(c, principal, { ...emptyForm(), formErrors: [message] }, status, emptyForm(values)).catch((error) =>
        notYours(c, error),
      );
    const formKey = postedFormKey(values);
    if (!csrf.matches(c, values) || !formKey) return refusedWhole(messages.formExpired, 400);
    const parsed = ratingSchema.safeParse(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')));
    if (!parsed.success) {
      const form = formStateFrom(values, parsed.error.issues, { comment: messages.required });
      // A missing score and one out of range are the same mistake to the person: say what to choose.
      if (form.fieldErrors.score) form.fieldErrors.score = ratingText.scoreNeeded;
      return refused(form, 400);
    }
    const { score, comment } = parsed.data;
    try {
      const rated = await oncePerFormKey(
        deps.idempotency,
        `${principal.role}:${principal.subjectId}`,
        'page-rating',
        formKey,
        async () => {
          await rateMediation(deps, principal, disputeId, {
            score: Number(score),
            ...(comment ? { comment } : {}),
          });
          return `/cases/${disputeId}?done=rated#rating`;
        },
      );
      if (rated.outcome === 'in_progress') return refusedWhole(ratingText.inProgress, 409);
      return c.redirect(rated.location, 303);
    } catch (error) {
      if (!isDomainError(error) || error.category === 'not_found') return notYours(c, error);
      // Rated already (from another showing of the form): the page shows the rating given.
      if (error instanceof AlreadyExists) return refused(emptyForm(), 409);
      return refusedWhole(refusalMessage(error), 422);
    }
  });

  app.post('/cases/:id/picks', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    const values = await formOf(c);
    if (!csrf.matches(c, values)) {
      return casePage(
        c,
        principal,
        {
          values,
          fieldErrors: {},
          formErrors: [{ zh: '表单已过期，请重新提交。', en: 'The form has expired; please submit it again.' }],
        },
        400,
      ).catch((error) => notYours(c, error));
    }
    const parsed = picksSchema.safeParse(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')));
    if (!parsed.success) {
      return casePage(
        c,
        principal,
        { values, fieldErrors: { pick1: { zh: '请选择第一选择', en: 'Choose your first choice' } }, formErrors: [] },
        400,
      ).catch((error) => notYours(c, error));
    }
    const picks = [parsed.data.pick1, parsed.data.pick2, parsed.data.pick3].filter((id): id is string => Boolean(id));
    const twice = picks.findIndex((id, index) => picks.indexOf(id) !== index);
    if (twice >= 0) {
      return casePage(
        c,
        principal,
        { values, fieldErrors: { [`pick${twice + 1}`]: partyText.pickTwice }, formErrors: [] },
        400,
      ).catch((error) => notYours(c, error));
    }
    try {
      await recordPicks(deps, principal, c.req.param('id'), picks);
      return c.redirect(`/cases/${c.req.param('id')}?done=picks_saved#mediators`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.category === 'not_found') return notYours(c, error);
      const message = error.code === 'picks_closed' ? partyText.picksClosed : refusalMessage(error);
      return casePage(c, principal, { values, fieldErrors: { pick1: message }, formErrors: [] }, 422);
    }
  });

  const settlementPage = async (
    c: Context,
    principal: Principal,
    form: FormState,
    status: 200 | 400 | 409 | 422 = 200,
    applyForm?: FormState,
  ) => {
    const disputeId = c.req.param('id') ?? '';
    const view = await getDispute(deps, principal, disputeId);
    const pointer = await deps.store.settlements.settlementOfDispute(disputeId);
    if (!pointer) throw new NotFound(`no settlement for ${disputeId}`);
    const read = await getSettlementDocument(settlementDeps(deps), principal, pointer.settlement.settlementId);
    const documentHtml = settlementDocumentHtml(parseSettlementDocument(read.content), read.sha256);
    const you = view.parties.find((party) => party.you);
    const token = csrf.ensure(c);
    const check =
      read.settlement.status === 'effective'
        ? await eligibleCourts(confirmationDeps(deps), principal, read.settlement.settlementId)
        : undefined;
    const done = c.req.query('done');
    return renderFormPage(c, {
      title: settlementText.title,
      signedIn: true,
      status,
      body: (lang) => (
        <SettlementPage
          lang={lang}
          disputeId={disputeId}
          settlement={read.settlement}
          documentHtml={documentHtml}
          sha256={read.sha256}
          partyCount={view.parties.length}
          {...(you ? { yourPartyId: you.partyId } : {})}
          form={{ ...form, values: { ...form.values, csrf: token } }}
          {...(done === 'signed' || done === 'applied' ? { done } : {})}
          {...(check ? { check } : {})}
          applyForm={{ ...(applyForm ?? emptyForm()), values: { ...(applyForm?.values ?? {}), csrf: token } }}
        />
      ),
    });
  };

  app.get('/cases/:id/settlement', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    return settlementPage(c, principal, emptyForm()).catch((error) => notYours(c, error));
  });

  app.post('/cases/:id/settlement/signature', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    const values = await formOf(c);
    const refused = (form: FormState, status: 400 | 409 | 422) =>
      settlementPage(c, principal, form, status).catch((error) => notYours(c, error));
    if (!csrf.matches(c, values)) return refused({ ...emptyForm(values), formErrors: [messages.formExpired] }, 400);
    const parsed = signSchema.safeParse(values);
    if (!parsed.success) {
      return refused({ ...emptyForm(values), fieldErrors: { confirm: settlementText.confirmNeeded } }, 400);
    }
    try {
      const pointer = await deps.store.settlements.settlementOfDispute(c.req.param('id'));
      if (!pointer) throw new NotFound('no settlement');
      await signSettlement(settlementDeps(deps), principal, pointer.settlement.settlementId, {
        documentSha256: parsed.data.documentSha256,
        client: signingClientOf(c),
      });
      return c.redirect(`/cases/${c.req.param('id')}/settlement?done=signed`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.category === 'not_found') return notYours(c, error);
      return refused(
        { ...emptyForm(values), formErrors: [refusalMessage(error)] },
        statusOf(error) === 409 ? 409 : 422,
      );
    }
  });

  app.post('/cases/:id/confirmation', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    const values = await formOf(c);
    const refused = (form: FormState, status: 400 | 409 | 422) =>
      settlementPage(c, principal, emptyForm(), status, form).catch((error) => notYours(c, error));
    if (!csrf.matches(c, values)) return refused({ ...emptyForm(values), formErrors: [messages.formExpired] }, 400);
    const courtId = values.courtId ?? '';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(courtId)) {
      return refused({ ...emptyForm(values), fieldErrors: { courtId: confirmationText.courtNeeded } }, 400);
    }
    try {
      const pointer = await deps.store.settlements.settlementOfDispute(c.req.param('id'));
      if (!pointer) throw new NotFound('no settlement');
      await applyForConfirmation(confirmationDeps(deps), principal, pointer.settlement.settlementId, courtId);
      return c.redirect(`/cases/${c.req.param('id')}/settlement?done=applied#confirmation`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.category === 'not_found') return notYours(c, error);
      return refused(
        { ...emptyForm(values), fieldErrors: { courtId: refusalMessage(error) } },
        statusOf(error) === 409 ? 409 : 422,
      );
    }
  });

  const rulingPage = async (c: Context, principal: Principal, form: FormState, status: 200 | 400 | 422 = 200) => {
    const disputeId = c.req.param('id') ?? '';
    const ruling = await readPartyRuling(deps, principal, disputeId);
    if (!ruling?.served) throw new NotFound(`no ruling served in ${disputeId}`);
    const token = csrf.ensure(c);
    return renderFormPage(c, {
      title: rulingText.rulingTitle,
      signedIn: true,
      status,
      body: (lang) => (
        <RulingPage
          lang={lang}
          disputeId={disputeId}
          ruling={ruling}
          form={{ ...form, values: { ...form.values, csrf: token } }}
          signed={c.req.query('done') === 'signed'}
        />
      ),
    });
  };

  app.get('/cases/:id/ruling', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    return rulingPage(c, principal, emptyForm()).catch((error) => notYours(c, error));
  });

  app.get('/cases/:id/ruling/document', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    if (!deps.documents) throw new Error('no document store is configured');
    try {
      const { service, content } = await readRulingDocument(
        { ...deps, documents: deps.documents },
        principal,
        c.req.param('id'),
      );
      // A served file is never rendered in the platform's origin (as the portal serves it): an attachment, sandboxed.
      const extension = service.document.mediaType === 'application/pdf' ? '.pdf' : '.json';
      return c.body(new Uint8Array(content), 200, {
        'content-type': service.document.mediaType,
        'content-disposition': `attachment; filename="ruling-${service.serviceId}${extension}"`,
        'content-security-policy': "sandbox; default-src 'none'",
        'x-document-sha256': service.document.sha256,
      });
    } catch (error) {
      // Not sent to this party yet: its ruling page says why and what to do.
      if (isDomainError(error) && error.code === 'ruling_not_sent') {
        return c.redirect(`/cases/${c.req.param('id')}/ruling`, 303);
      }
      return notYours(c, error);
    }
  });

  app.post('/cases/:id/ruling/signature', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    const values = await formOf(c);
    const refused = (form: FormState, status: 400 | 422) =>
      rulingPage(c, principal, form, status).catch((error) => notYours(c, error));
    if (!csrf.matches(c, values)) return refused({ ...emptyForm(values), formErrors: [messages.formExpired] }, 400);
    if (values.confirm !== 'yes') {
      return refused({ ...emptyForm(values), fieldErrors: { confirm: rulingText.confirmNeeded } }, 400);
    }
    try {
      await signForRuling(deps, principal, c.req.param('id'), signingClientOf(c));
      return c.redirect(`/cases/${c.req.param('id')}/ruling?done=signed`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.category === 'not_found') return notYours(c, error);
      return refused({ ...emptyForm(values), formErrors: [refusalMessage(error)] }, 422);
    }
  });

  const addressesPage = async (c: Context, principal: Principal, form: FormState, status: 200 | 400 | 422 = 200) => {
    const view = await readOwnAddresses(deps, principal, await pageSignInSub(c, deps));
    const token = addressCsrf.ensure(c);
    return renderFormPage(c, {
      title: addressText.title,
      signedIn: true,
      status,
      body: (lang) => (
        <AddressesPage
          lang={lang}
          view={view}
          form={{ ...form, values: { ...form.values, csrf: token } }}
          saved={c.req.query('done') === 'saved'}
        />
      ),
    });
  };

  app.get('/addresses', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    return addressesPage(c, principal, emptyForm()).catch((error) => notYours(c, error));
  });

  app.post('/addresses', async (c) => {
    const principal = await partyOr(c);
    if (principal instanceof Response) return principal;
    const values = await formOf(c);
    const refused = (form: FormState, status: 400 | 422) =>
      addressesPage(c, principal, form, status).catch((error) => notYours(c, error));
    if (!addressCsrf.matches(c, values))
      return refused({ ...emptyForm(values), formErrors: [messages.formExpired] }, 400);
    const phone = values.phone?.trim() ?? '';
    const email = values.email?.trim() ?? '';
    const consents = values.consent === 'yes';
    // Consent alone is an answer too: the addresses on record then become usable for service.
    if (!phone && !email && !consents) {
      return refused({ ...emptyForm(values), fieldErrors: { phone: addressText.oneNeeded } }, 400);
    }
    const given = [
      ...(phone ? [{ channel: 'sms' as const, value: phone }] : []),
      ...(email ? [{ channel: 'email' as const, value: email }] : []),
    ];
    try {
      await addOwnAddresses({ ...deps, defaultRegion: deps.service?.defaultRegion ?? 'CN' }, principal, given, {
        ...(consents ? { consent: 'platform_declaration' as const } : {}),
        signInSub: await pageSignInSub(c, deps),
      });
      return c.redirect('/addresses?done=saved', 303);
    } catch (error) {
      if (!isDomainError(error) || error.category === 'not_found') return notYours(c, error);
      if (error.category === 'invalid') {
        // Which of the given addresses failed (its index in `given`), at its own field.
        const failed = ((error.details?.errors ?? []) as Array<{ index: number }>).map((entry) => given[entry.index]);
        const fieldErrors: FormState['fieldErrors'] = {};
        for (const address of failed) {
          if (address?.channel === 'sms') fieldErrors.phone = messages.phoneInvalid;
          if (address?.channel === 'email') fieldErrors.email = messages.emailInvalid;
        }
        return refused({ ...emptyForm(values), fieldErrors }, 400);
      }
      return refused({ ...emptyForm(values), fieldErrors: { phone: refusalMessage(error) } }, 422);
    }
  });

  return app;
}

/** What the confirmation use cases need of the app's dependencies. */
const confirmationDeps = (deps: HttpDeps) => ({
  store: deps.store,
  clock: deps.clock,
  ids: deps.ids,
  calendar: deps.calendar,
  ...(deps.documents ? { documents: deps.documents } : {}),
});

const signSchema = z
  .object({ csrf: z.string(), documentSha256: z.string().regex(/^[0-9a-f]{64}$/), confirm: z.literal('yes') })
  .strict();

/** The recommendations with what a person needs to choose: name, organization, languages, record. */
async function mediatorCards(
  deps: HttpDeps,
  principal: Principal,
  disputeId: string,
  category: string,
): Promise<MediatorCard[]> {
  const ranking = await recommendMediators(deps, principal, disputeId, 5);
  const organizations = new Map<string, string>();
  return Promise.all(
    ranking.candidates.map(async (candidate) => {
      const mediator = await getMediator(deps, candidate.mediatorId);
      if (!organizations.has(mediator.organizationId)) {
        const organization = await getOrganization(deps, mediator.organizationId).catch(() => undefined);
        organizations.set(mediator.organizationId, organization?.name ?? mediator.organizationId);
      }
      const record = mediator.record[category as keyof typeof mediator.record] ?? { settled: 0, closed: 0 };
      return {
        candidate,
        name: mediator.name,
        organization: organizations.get(mediator.organizationId) ?? '',
        languages: mediator.languages,
        record: { settled: record.settled, closed: record.closed },
        ...(mediator.rating ? { rating: mediator.rating } : {}),
      };
    }),
  );
}

function notYours(c: Context, error: unknown) {
  if (!isDomainError(error)) throw error;
  return renderPage(c, {
    title: { zh: '未找到', en: 'Not found' },
    signedIn: true,
    status: 404,
    body: (lang) => (
      <>
        <h1>{lang === 'zh' ? '未找到' : 'Not found'}</h1>
        <p>{refusalMessage({ code: 'not_found', category: 'not_found' })[lang]}</p>
        <p>
          <a href="/">{partyText.myCasesTitle[lang]}</a>
        </p>
      </>
    ),
  });
}
