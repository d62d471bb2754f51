import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { type DomainError, isDomainError } from '../../../shared/domain/errors';
import {
  acknowledgeService,
  describeServiceLink,
  type PortalProof,
  viewServedDocument,
} from '../../../shared/use-cases/service/portal';
import { sendFreshPortalCode } from '../../../shared/use-cases/service/portal-code';
import {
  openPortalSession,
  portalSessionMinutes,
  proofOfSession,
} from '../../../shared/use-cases/service/portal-session';
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
import {
  codeSentPage,
  type LinkDescription,
  PortalDocumentStep,
  PortalMessage,
  PortalProofStep,
  portalText,
} from '../pages/portal/portal-pages';
import { cookieOptions, csrfCookie, formOf } from '../pages/session-cookies';
import { headersOf, statusOf } from '../problem';

/*
 * The recipient portal, /r/{token} (issue 4, item 5; DESIGN.md flow 3).
 *
 * GET shows the proof form; POST checks the code and the ID digits through `openPortalSession`
 * (each try counted first per client, 429 with Retry-After for that client alone over its
 * allowance; wrong tries counted per code, twenty close the code until a fresh one; parallel tries
 * all counted) and sets a
 * per-link session cookie, then redirects to GET, which now shows the document's title, its
 * SHA-256, a download link and "sign for receipt". The session cookie (`portal_session`, HttpOnly,
 * SameSite=Strict, Path=/r/{token}, 30 minutes) holds a session id and the key that unseals the
 * proof kept with the session; the download and the signature go through the portal use cases
 * with that proof, so they are checked as the first step was. "Sign for receipt" is a form with a
 * double-submit CSRF token (`portal_csrf`, same scope).
 *
 * POST /r/{token}/code (a button on the proof page, with the same CSRF token) sends a fresh code to
 * the address the service message went to, never to one given here: 202, or 429 with Retry-After
 * beyond the addressee's own allowance.
 *
 * No script at all; on the page kit (Chinese or English, the language switch, landmarks). A wrong
 * or malformed proof is shown at its field with what was typed kept; other domain errors on a page
 * with their status (404 unknown link, 422 wrong proof, locked, expired, 409 a lost race).
 */

const sessionCookieName = 'portal_session';
const linkPath = (c: Context) => `/r/${c.req.param('token')}`;
const csrf = csrfCookie('portal_csrf', linkPath, portalSessionMinutes * 60);
/** Link tokens are base64url; anything else is not even looked up. */
const tokenShape = /^[A-Za-z0-9_-]{16,128}$/;

const proofFormSchema = z
  .object({
    csrf: z.string(),
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/),
    idLastDigits: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{4}$/)
      .transform((value) => value.toUpperCase())
      .optional(),
  })
  .strict();

const acknowledgeFormSchema = z.object({ csrf: z.string(), confirm: z.literal('yes') }).strict();

/** Each refusal's words, by the domain error's code. */
const refusalText: Record<string, Bilingual> = {
  wrong_proof: messages.wrongProof,
  link_locked: portalText.linkLocked,
  too_many_wrong_codes: portalText.tooManyHere,
  own_code_limit: portalText.ownCodeLimit,
  link_expired: portalText.linkExpired,
  not_found: portalText.notFound,
  concurrent_modification: portalText.busy,
};

export function portalRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  app.use('/:token/*', validToken);
  app.use('/:token', validToken);

  const proofPage: LinkFormPage<LinkDescription, Context<AppEnv>> = (c, view, form, status = 200, headers) =>
    renderFormPage(c, {
      title: portalText.title,
      status,
      headers,
      body: (lang) => (
        <PortalProofStep
          lang={lang}
          token={c.req.param('token') ?? ''}
          view={view}
          form={{ ...form, values: { ...form.values, csrf: csrf.ensure(c) } }}
        />
      ),
    });

  app.get('/:token', async (c) => {
    const token = c.req.param('token');
    csrf.ensure(c);
    try {
      const proof = await proofOfSession(deps, token, getCookie(c, sessionCookieName));
      if (proof) return await showDocument(c, token, proof, emptyForm());
      return await proofPage(c, await describeServiceLink(deps, token), emptyForm());
    } catch (error) {
      return errorPage(c, error);
    }
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    const values = await formOf(c);
    if (!csrf.matches(c, values)) return expiredForm(c, token);
    try {
      const view = await describeServiceLink(deps, token);
      const parsed = proofFormSchema.safeParse(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')));
      const form = parsed.success
        ? emptyForm(values)
        : formStateFrom(values, parsed.error.issues, { code: 'codeShape', idLastDigits: 'idDigitsShape' });
      if (view.needsIdDigits && !values.idLastDigits?.trim()) form.fieldErrors.idLastDigits = messages.required;
      if (!parsed.success || Object.keys(form.fieldErrors).length > 0) return await proofPage(c, view, form, 400);
      try {
        const session = await openPortalSession(
          deps,
          token,
          {
            code: parsed.data.code,
            ...(parsed.data.idLastDigits ? { idLastDigits: parsed.data.idLastDigits } : {}),
          },
          c.get('clientAddress'),
        );
        setCookie(c, sessionCookieName, session.cookie, cookieOptions(c, linkPath(c), portalSessionMinutes * 60));
        csrf.renew(c);
        return c.redirect(`/r/${token}`, 303);
      } catch (error) {
        if (!isDomainError(error) || error.code === 'not_found' || error.code === 'link_expired') throw error;
        return await proofPage(
          c,
          view,
          refusedProof(values, error),
          statusOf(error) as ContentfulStatusCode,
          headersOf(error),
        );
      }
    } catch (error) {
      return errorPage(c, error);
    }
  });

  // A fresh code, sent to the address the attempt's message went to (never one given here).
  app.post('/:token/code', async (c) => {
    const token = c.req.param('token');
    const form = await formOf(c);
    if (!csrf.matches(c, form)) return expiredForm(c, token);
    try {
      const sent = await sendFreshPortalCode(deps, token, c.get('clientAddress'));
      return await codeSentPage(c, { sent: portalText.codeSent, channel: sent.channel, back: `/r/${token}` });
    } catch (error) {
      return errorPage(c, error);
    }
  });

  app.get('/:token/document', async (c) => {
    const token = c.req.param('token');
    try {
      const proof = await proofOfSession(deps, token, getCookie(c, sessionCookieName));
      if (!proof) return proveFirst(c, token);
      const view = await viewServedDocument(documentDeps(), token, proof);
      // A served file is never rendered in the platform's origin: an attachment, sandboxed, not sniffed.
      return c.body(new Uint8Array(view.content), 200, {
        'content-type': view.mediaType,
        'content-disposition': `attachment; filename="${view.reference}${extensionOf(view.mediaType)}"`,
        'content-security-policy': "sandbox; default-src 'none'",
        'x-document-sha256': view.sha256,
      });
    } catch (error) {
      return errorPage(c, error);
    }
  });

  app.post('/:token/acknowledge', async (c) => {
    const token = c.req.param('token');
    const values = await formOf(c);
    if (!csrf.matches(c, values)) return expiredForm(c, token);
    try {
      const proof = await proofOfSession(deps, token, getCookie(c, sessionCookieName));
      if (!proof) return proveFirst(c, token);
      if (!acknowledgeFormSchema.safeParse(values).success) {
        const form = { ...emptyForm(values), fieldErrors: { confirm: portalText.confirmNeeded } };
        return await showDocument(c, token, proof, form, 400);
      }
      await acknowledgeService(deps, token, proof, clientOf(c));
      return c.redirect(`/r/${token}`, 303);
    } catch (error) {
      return errorPage(c, error);
    }
  });

  function documentDeps() {
    if (!deps.documents) throw new Error('no document store is configured');
    return { ...deps, documents: deps.documents };
  }

  async function showDocument(
    c: Context<AppEnv>,
    token: string,
    proof: PortalProof,
    form: FormState,
    status: ContentfulStatusCode = 200,
  ) {
    const { content: _content, ...facts } = await viewServedDocument(documentDeps(), token, proof);
    return renderFormPage(c, {
      title: { zh: `${facts.title} · ${portalText.title.zh}`, en: `${facts.title} · ${portalText.title.en}` },
      status,
      body: (lang) => (
        <PortalDocumentStep
          lang={lang}
          token={token}
          facts={facts}
          form={{ ...form, values: { ...form.values, csrf: csrf.ensure(c) } }}
        />
      ),
    });
  }

  return app;
}

/**
 * A refused proof at its fields, with what was typed kept: a wrong code or digits (with the tries
 * left, or that the code no longer works), a code closed by wrong tries; about the form as a whole,
 * a client held up for too many tries (until when, in Beijing time) or a lost race.
 */
function refusedProof(values: Record<string, string>, error: DomainError): FormState {
  const form = emptyForm(values);
  const refusal = refusalText[error.code] ?? { zh: error.message, en: error.message };
  if (error.code === 'wrong_proof') {
    const left = error.details?.triesLeft;
    const more =
      typeof left !== 'number'
        ? undefined
        : left > 0
          ? { zh: say('zh', 'triesLeft', { n: left }), en: say('en', 'triesLeft', { n: left }) }
          : portalText.codeClosed;
    form.fieldErrors.code = more ? { zh: `${refusal.zh}${more.zh}`, en: `${refusal.en} ${more.en}` } : refusal;
    form.fieldErrors.idLastDigits = refusal;
    return form;
  }
  if (error.code === 'link_locked') {
    form.fieldErrors.code = refusal;
    return form;
  }
  const at = typeof error.details?.retryAt === 'string' ? error.details.retryAt : undefined;
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

/** A page saying what happened, in the visitor's language (and the other on the switch). */
function messagePage(
  c: Context<AppEnv>,
  title: Bilingual,
  message: Bilingual,
  status: ContentfulStatusCode,
  options: { headers?: Record<string, string>; action?: { href: string; label: Bilingual } } = {},
) {
  return renderPage(c, {
    title,
    status,
    ...(options.headers ? { headers: options.headers } : {}),
    body: (lang) => (
      <PortalMessage
        lang={lang}
        title={title}
        message={message}
        {...(options.action ? { action: options.action } : {})}
      />
    ),
  });
}

const validToken = async (c: Context<AppEnv>, next: () => Promise<void>) => {
  if (!tokenShape.test(c.req.param('token') ?? '')) {
    return messagePage(c, portalText.linkNotValid, portalText.notFound, 404);
  }
  await next();
};

/**
 * The client as the acknowledgement records it: the user agent, and the address only as a hash
 * (API Gateway's source IP in Lambda, the socket's peer on the embedded runtime; forwarded headers
 * are not trusted). Enough to match a signature to a connection later, without keeping the address.
 */
function clientOf(c: Context<AppEnv>): { ip?: string; userAgent?: string } {
  const env = c.env as
    | {
        event?: { requestContext?: { http?: { sourceIp?: string } } };
        incoming?: { socket?: { remoteAddress?: string } };
      }
    | undefined;
  const ip = env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress;
  const userAgent = c.req.header('user-agent');
  return {
    ...(ip ? { ip: createHash('sha256').update(`portal-client-ip:${ip}`).digest('hex') } : {}),
    ...(userAgent ? { userAgent } : {}),
  };
}

function errorPage(c: Context<AppEnv>, error: unknown) {
  if (!isDomainError(error)) throw error;
  const message = refusalText[error.code] ?? refusalMessage(error);
  return messagePage(c, portalText.cannotOpen, message, statusOf(error) as ContentfulStatusCode, {
    headers: headersOf(error),
  });
}

function proveFirst(c: Context<AppEnv>, token: string) {
  return messagePage(c, portalText.proveFirstTitle, portalText.proveFirst, 401, {
    action: { href: `/r/${token}`, label: portalText.proveAction },
  });
}

function expiredForm(c: Context<AppEnv>, token: string) {
  csrf.renew(c);
  return messagePage(c, portalText.formExpiredTitle, portalText.formExpired, 403, {
    action: { href: `/r/${token}`, label: messages.back },
  });
}

function extensionOf(mediaType: string): string {
  const known: Record<string, string> = {
    'application/pdf': '.pdf',
    'text/plain': '.txt',
    'text/html': '.html',
    'image/png': '.png',
    'image/jpeg': '.jpg',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
    'application/msword': '.doc',
  };
  return known[mediaType] ?? '';
}
