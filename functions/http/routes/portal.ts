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
import { portalDocumentPage, portalMessagePage, portalProofPage } from '../pages/portal-page';
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
 * No script at all, Chinese and English, one narrow column for phones. Domain errors are shown on
 * the page with their status (404 unknown link, 422 wrong proof, locked, expired, 409 a lost race).
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
      .regex(/^\d{6}$/, '验证码为 6 位数字 / the code has 6 digits'),
    idLastDigits: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{4}$/, '身份证件号码后 4 位 / the last 4 characters of your ID number')
      .transform((value) => value.toUpperCase())
      .optional(),
  })
  .strict();

const acknowledgeFormSchema = z.object({ csrf: z.string(), confirm: z.literal('yes') }).strict();

const errorTexts: Record<string, string> = {
  wrong_proof: '验证码或证件号码后 4 位不正确 / The code or the ID digits are not right',
  link_locked:
    '此验证码错误次数过多，已失效，请获取新验证码 / Too many wrong tries of this code: ask for a new code below',
  too_many_wrong_codes: '本设备尝试次数过多，请稍后再试 / Too many wrong tries from here: try again later',
  own_code_limit: '新验证码刚刚发送过，请稍后再试 / A new code was sent recently: try again later',
  link_expired: '链接已过期，请联系送达机关 / This link has expired: contact the court that served you',
  not_found: '链接无效 / This link is not valid',
  concurrent_modification: '请求过于频繁，请稍后再试 / Too many requests at once: try again shortly',
};

export function portalRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  app.use('/:token/*', validToken);
  app.use('/:token', validToken);

  app.get('/:token', async (c) => {
    const token = c.req.param('token');
    const formCsrf = csrf.ensure(c);
    try {
      const proof = await proofOfSession(deps, token, getCookie(c, sessionCookieName));
      if (proof) return await showDocument(c, token, proof, formCsrf);
      return c.html(portalProofPage(token, await describeServiceLink(deps, token), formCsrf));
    } catch (error) {
      return errorPage(c, error);
    }
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    const form = await formOf(c);
    if (!csrf.matches(c, form)) return expiredForm(c, token);
    try {
      const view = await describeServiceLink(deps, token);
      const parsed = proofFormSchema.safeParse(Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '')));
      const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
      if (parsed.success && view.needsIdDigits && !parsed.data.idLastDigits) {
        problems.push('请填写身份证件号码后 4 位 / give the last 4 characters of your ID number');
      }
      if (!parsed.success || problems.length > 0) {
        return c.html(portalProofPage(token, view, csrf.ensure(c), problems), 400);
      }
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
        return c.html(
          portalProofPage(token, view, csrf.ensure(c), [explain(error)]),
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
      const sent = await sendFreshPortalCode(deps, token);
      return c.html(
        portalMessagePage(
          '新验证码已发送 / New code sent',
          `新的验证码已通过${sent.channel === 'sms' ? '短信' : '邮件'}发送到送达消息所用的地址，此前的验证码已失效。 / A new code was sent by ${sent.channel === 'sms' ? 'SMS' : 'email'} to the address the service message went to; earlier codes no longer work.`,
          { href: `/r/${token}`, label: '返回 / Back' },
        ),
        202,
      );
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
        'content-security-policy': 'sandbox; default-src none',
        'x-document-sha256': view.sha256,
      });
    } catch (error) {
      return errorPage(c, error);
    }
  });

  app.post('/:token/acknowledge', async (c) => {
    const token = c.req.param('token');
    const form = await formOf(c);
    if (!csrf.matches(c, form)) return expiredForm(c, token);
    try {
      const proof = await proofOfSession(deps, token, getCookie(c, sessionCookieName));
      if (!proof) return proveFirst(c, token);
      if (!acknowledgeFormSchema.safeParse(form).success) {
        return showDocument(c, token, proof, csrf.ensure(c), ['请勾选确认 / tick the confirmation first'], 400);
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
    formCsrf: string,
    problems: string[] = [],
    status = 200,
  ) {
    const { content: _content, ...facts } = await viewServedDocument(documentDeps(), token, proof);
    return c.html(portalDocumentPage(token, facts, formCsrf, problems), status as ContentfulStatusCode);
  }

  return app;
}

const validToken = async (c: Context<AppEnv>, next: () => Promise<void>) => {
  if (!tokenShape.test(c.req.param('token') ?? '')) {
    return c.html(portalMessagePage('链接无效 / Link not valid', errorTexts.not_found as string), 404);
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

function explain(error: DomainError): string {
  const text = errorTexts[error.code] ?? error.message;
  const triesLeft = error.details?.triesLeft;
  if (error.code === 'wrong_proof' && typeof triesLeft === 'number') {
    return triesLeft > 0
      ? `${text}（还可尝试 ${triesLeft} 次 / ${triesLeft} tries left）`
      : `${text}（此验证码已失效，请获取新验证码 / this code no longer works: ask for a new code）`;
  }
  return text;
}

function errorPage(c: Context<AppEnv>, error: unknown) {
  if (!isDomainError(error)) throw error;
  return c.html(
    portalMessagePage('无法打开 / Cannot open the document', explain(error)),
    statusOf(error) as ContentfulStatusCode,
    headersOf(error),
  );
}

function proveFirst(c: Context<AppEnv>, token: string) {
  return c.html(
    portalMessagePage('请先核实身份 / Prove who you are first', '核实身份后方可查看 / Prove who you are to continue', {
      href: `/r/${token}`,
      label: '核实身份 / Prove who you are',
    }),
    401,
  );
}

function expiredForm(c: Context<AppEnv>, token: string) {
  csrf.renew(c);
  return c.html(
    portalMessagePage(
      '表单已过期 / The form has expired',
      '表单校验未通过，未做任何更改 / The form failed its check and nothing was changed',
      { href: `/r/${token}`, label: '返回 / Back' },
    ),
    403,
  );
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
