import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { type DomainError, isDomainError } from '../../../shared/domain/errors';
import { settlementDocumentHtml } from '../../../shared/domain/settlement/settlement-document';
import {
  describeSigningLink,
  readSigningLink,
  type SigningLinkSummary,
  type SigningLinkView,
  sendFreshSigningCode,
  signByLink,
} from '../../../shared/use-cases/settlements/signing-links';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import {
  type Bilingual,
  beijingTime,
  emptyForm,
  type FormState,
  formStateFrom,
  type LinkFormPage,
  messages,
  refusalMessage,
  renderFormPage,
  renderPage,
  say,
} from '../pages/kit/page-kit';
import { SignedStep, SigningProofStep, SigningStep, signingText } from '../pages/party/signing-link-pages';
import { codeSentPage, PortalMessage } from '../pages/portal/portal-pages';
import { formOf } from '../pages/session-cookies';
import { headersOf, statusOf } from '../problem';
import { settlementDeps, signingClientOf } from './settlements';

const proofShape = {
  code: z.string().regex(/^\d{6}$/),
  idLastDigits: z.string().regex(/^[0-9A-Za-z]{4}$/),
};
const proofMessages = { code: 'codeShape', idLastDigits: 'idDigitsShape' } as const;
const proofSchema = z.object(proofShape).strict();

const signFormSchema = z
  .object({
    ...proofShape,
    documentSha256: z.string().regex(/^[0-9a-f]{64}$/),
    agree: z.literal('yes'),
  })
  .strict();

/** The link cannot be used any more: its own page, not a form error. */
const closedLinkCodes = new Set([
  'signing_link_closed',
  'signing_link_used',
  'signing_link_revoked',
  'signing_link_expired',
  'not_found',
]);

const filled = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

/**
 * The signing pages of a one-time link, in the join page's steps: GET shows only that a settlement
 * waits, with the proof form (the code from the message and the last 4 ID characters); POST
 * …/document judges the proof and shows the settlement with the sign form, which carries the proof
 * in hidden fields; POST signs, judging the proof again. Nothing of the settlement is shown to a
 * visitor who has not proved who it is. On the page kit: Chinese or English with the switch, no
 * script. A refused form comes back with the error at its field and what was typed kept; nothing
 * is signed.
 */
export function signingRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  const settlements = settlementDeps(deps);

  const proofPage: LinkFormPage<SigningLinkSummary, Context<AppEnv>> = (c, summary, form, status = 200, headers) =>
    renderFormPage(c, {
      title: signingText.title,
      status,
      headers,
      body: (lang) => <SigningProofStep lang={lang} token={c.req.param('token') ?? ''} summary={summary} form={form} />,
    });

  const signPage: LinkFormPage<SigningLinkView, Context<AppEnv>> = (c, view, form, status = 200) =>
    renderFormPage(c, {
      title: signingText.title,
      status,
      body: (lang) => (
        <SigningStep
          lang={lang}
          token={c.req.param('token') ?? ''}
          view={view}
          documentHtml={settlementDocumentHtml(view.document, view.documentSha256)}
          form={form}
        />
      ),
    });

  /** The link's summary, or the page saying why it cannot be used. */
  const summaryOr = async (c: Context<AppEnv>): Promise<SigningLinkSummary | Response> => {
    try {
      return await describeSigningLink(settlements, c.req.param('token') ?? '');
    } catch (error) {
      return errorPage(c, error);
    }
  };

  /** A refused proof back on the proof page at its fields; a link that cannot be used on its own page. */
  const refused = (c: Context<AppEnv>, summary: SigningLinkSummary, values: Record<string, string>, error: unknown) => {
    if (!isDomainError(error)) throw error;
    if (closedLinkCodes.has(error.code)) return errorPage(c, error);
    return proofPage(
      c,
      summary,
      refusedProof(values, error),
      statusOf(error) as ContentfulStatusCode,
      headersOf(error),
    );
  };

  app.get('/:token', async (c) => {
    const summary = await summaryOr(c);
    if (summary instanceof Response) return summary;
    return proofPage(c, summary, emptyForm());
  });

  app.post('/:token/document', async (c) => {
    const summary = await summaryOr(c);
    if (summary instanceof Response) return summary;
    const values = await formOf(c);
    const parsed = proofSchema.safeParse(filled(values));
    if (!parsed.success) return proofPage(c, summary, formStateFrom(values, parsed.error.issues, proofMessages), 400);
    try {
      const view = await readSigningLink(settlements, c.req.param('token'), {
        code: parsed.data.code,
        idDigits: parsed.data.idLastDigits,
        client: signingClientOf(c),
      });
      return await signPage(c, view, emptyForm(values));
    } catch (error) {
      return refused(c, summary, values, error);
    }
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    const summary = await summaryOr(c);
    if (summary instanceof Response) return summary;
    const values = await formOf(c);
    const proof = proofSchema.safeParse({ code: values.code ?? '', idLastDigits: values.idLastDigits ?? '' });
    if (!proof.success) return proofPage(c, summary, formStateFrom(values, proof.error.issues, proofMessages), 400);
    const parsed = signFormSchema.safeParse(filled(values));
    if (!parsed.success) {
      const form = formStateFrom(values, parsed.error.issues, {});
      if (form.fieldErrors.agree) form.fieldErrors.agree = signingText.agreeNeeded;
      // The hash is not a field the person fills in: a bad one means the page is stale.
      if (form.fieldErrors.documentSha256) {
        delete form.fieldErrors.documentSha256;
        form.formErrors.push(signingText.documentChanged);
      }
      // The settlement is shown again only to the proof, judged (and counted) as on the first step.
      try {
        const view = await readSigningLink(settlements, token, {
          code: proof.data.code,
          idDigits: proof.data.idLastDigits,
          client: signingClientOf(c),
        });
        return await signPage(c, view, form, 400);
      } catch (error) {
        return refused(c, summary, values, error);
      }
    }
    try {
      const settlement = await signByLink(settlements, token, {
        code: parsed.data.code,
        idDigits: parsed.data.idLastDigits,
        documentSha256: parsed.data.documentSha256,
        client: signingClientOf(c),
      });
      const deadline = settlement.status === 'effective' ? settlement.applicationDeadline : undefined;
      return await renderPage(c, {
        title: signingText.signedTitle,
        status: 201,
        body: (lang) => (
          <SignedStep
            lang={lang}
            reference={summary.reference}
            version={settlement.version}
            applicationDeadline={deadline}
          />
        ),
      });
    } catch (error) {
      return refused(c, summary, values, error);
    }
  });

  // A fresh code, sent to the address the link went to (never one given here).
  app.post('/:token/code', async (c) => {
    try {
      const sent = await sendFreshSigningCode(settlements, c.req.param('token'), c.get('clientAddress'));
      return await codeSentPage(c, {
        sent: signingText.codeSent,
        channel: sent.channel,
        back: `/s/${c.req.param('token')}`,
      });
    } catch (error) {
      return errorPage(c, error);
    }
  });

  return app;
}

/**
 * A refused proof (on reading or on signing) at its fields, with what was typed kept: a wrong code
 * or digits (with the tries left), a code locked by wrong tries (until when, in Beijing time);
 * about the form as a whole, a client held up (until when) or a settlement that changed under the page.
 */
function refusedProof(values: Record<string, string>, error: DomainError): FormState {
  const form = emptyForm(values);
  const details = error.details ?? {};
  if (error.code === 'signing_proof_failed') {
    const left = typeof details.triesLeft === 'number' ? details.triesLeft : undefined;
    const wrong = messages.wrongProof;
    form.fieldErrors.code =
      left === undefined
        ? wrong
        : {
            zh: `${wrong.zh}${say('zh', 'triesLeft', { n: left })}`,
            en: `${wrong.en} ${say('en', 'triesLeft', { n: left })}`,
          };
    form.fieldErrors.idLastDigits = wrong;
    return form;
  }
  const at =
    typeof details.lockedUntil === 'string'
      ? details.lockedUntil
      : typeof details.retryAt === 'string'
        ? details.retryAt
        : undefined;
  if (error.code === 'signing_link_locked' && at) {
    form.fieldErrors.code = {
      zh: say('zh', 'lockedUntil', { at: beijingTime(at, 'zh') }),
      en: say('en', 'lockedUntil', { at: beijingTime(at, 'en') }),
    };
    return form;
  }
  const refusal: Bilingual = error.category === 'conflict' ? signingText.documentChanged : refusalMessage(error);
  form.formErrors.push(
    at
      ? {
          zh: `${refusal.zh}${say('zh', 'retryAfter', { at: beijingTime(at, 'zh') })}`,
          en: `${refusal.en} ${say('en', 'retryAfter', { at: beijingTime(at, 'en') })}`,
        }
      : refusal,
  );
  return form;
}

function errorPage(c: Context<AppEnv>, error: unknown) {
  if (!isDomainError(error)) throw error;
  const message = closedLinkCodes.has(error.code)
    ? signingText.linkClosed
    : error.category === 'conflict'
      ? signingText.documentChanged
      : refusalMessage(error);
  return renderPage(c, {
    title: signingText.unavailableTitle,
    status: statusOf(error) as ContentfulStatusCode,
    headers: headersOf(error),
    body: (lang) => <PortalMessage lang={lang} title={signingText.unavailableTitle} message={message} />,
  });
}
