import { type Context, Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { isDomainError } from '../../../shared/domain/errors';
import { settlementDocumentHtml } from '../../../shared/domain/settlement/settlement-document';
import {
  type SigningLinkView,
  sendFreshSigningCode,
  signByLink,
  viewSigningLink,
} from '../../../shared/use-cases/settlements/signing-links';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { pageLayout } from '../pages/page-layout';
import { headersOf, statusOf } from '../problem';
import { settlementDeps, signingClientOf } from './settlements';

const signFormSchema = z
  .object({
    code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字 / the code has 6 digits'),
    idLastDigits: z.string().regex(/^[0-9A-Za-z]{4}$/, '身份证件号码后 4 位 / the last 4 characters of your ID number'),
    documentSha256: z.string().regex(/^[0-9a-f]{64}$/, '文件哈希无效 / not a document hash'),
    agree: z.literal('yes', { message: '请确认已阅读并同意协议 / confirm you have read and agree to the settlement' }),
  })
  .strict();

/**
 * The signing page of a one-time link (GET shows the document, POST signs it): Chinese and
 * English, no script, the join page's proof (code from the message and the last 4 ID digits).
 */
export function signingRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  const settlements = settlementDeps(deps);

  app.get('/:token', async (c) => {
    try {
      const view = await viewSigningLink(settlements, c.req.param('token'));
      return c.html(pageLayout('签署调解协议 / Sign the settlement', signForm(view, [], c.req.param('token'))));
    } catch (error) {
      return errorPage(c, error);
    }
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    let view: SigningLinkView;
    try {
      view = await viewSigningLink(settlements, token);
    } catch (error) {
      return errorPage(c, error);
    }
    const form = signFormSchema.safeParse(
      Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, value]) => value !== '')),
    );
    if (!form.success) {
      const problems = form.error.issues.map((issue) => issue.message);
      return c.html(pageLayout('签署调解协议 / Sign the settlement', signForm(view, problems, token)), 400);
    }
    try {
      const settlement = await signByLink(settlements, token, {
        code: form.data.code,
        idDigits: form.data.idLastDigits,
        documentSha256: form.data.documentSha256,
        client: signingClientOf(c),
      });
      const effective = settlement.status === 'effective';
      return c.html(
        pageLayout(
          '已签署 / Signed',
          html`<h1>已签署 / Signed</h1>
<p class="ok">纠纷 ${view.reference} 的调解协议（第 ${view.version} 版）已由您签署。<br>You have signed version ${view.version} of the settlement of dispute ${view.reference}.</p>
${
  effective && settlement.applicationDeadline
    ? html`<p>各方均已签署，协议已生效。申请司法确认的最后一日：<b>${settlement.applicationDeadline.lastDay}</b>。<br>Every party has signed: the settlement is effective. Last day to apply for judicial confirmation: <b>${settlement.applicationDeadline.lastDay}</b>.</p>`
    : html`<p class="muted">其他当事人签署后协议生效 / The settlement takes effect once every party has signed.</p>`
}`,
        ),
        201,
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return c.html(
        pageLayout('签署调解协议 / Sign the settlement', signForm(view, [error.message], token)),
        statusOf(error) as ContentfulStatusCode,
        headersOf(error),
      );
    }
  });

  // A fresh code, sent to the address the link went to (never one given here).
  app.post('/:token/code', async (c) => {
    try {
      const sent = await sendFreshSigningCode(settlements, c.req.param('token'));
      return c.html(
        pageLayout(
          '新验证码已发送 / New code sent',
          html`<h1>新验证码已发送 / New code sent</h1>
<p class="ok">新的签署验证码已通过${sent.channel === 'sms' ? '短信' : '邮件'}发送，此前的验证码已失效。<br>A new signing code was sent by ${sent.channel === 'sms' ? 'SMS' : 'email'}; earlier codes no longer work.</p>
<p><a href="/s/${c.req.param('token')}">返回 / Back</a></p>`,
        ),
        202,
      );
    } catch (error) {
      return errorPage(c, error);
    }
  });

  return app;
}

function signForm(view: SigningLinkView, problems: string[], token: string) {
  return html`<p>${view.partyName}，请阅读以下调解协议并签署。<br>${view.partyName}, please read the settlement below and sign it.</p>
${raw(settlementDocumentHtml(view.document, view.documentSha256))}
${problems.length > 0 ? html`<div class="error" role="alert">${problems.map((problem) => html`<div>${problem}</div>`)}</div>` : ''}
<form method="post">
<input type="hidden" name="documentSha256" value="${view.documentSha256}">
<label for="code">短信或邮件中的验证码 / Code from the message</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<label for="idLastDigits">身份证件号码后 4 位 / Last 4 characters of your ID number</label>
<input id="idLastDigits" name="idLastDigits" maxlength="4" required>
<label><input type="checkbox" name="agree" value="yes"> 本人已阅读并同意上述协议 / I have read and agree to this settlement</label>
<button type="submit">签署 / Sign</button>
</form>
<form method="post" action="/s/${token}/code">
<button type="submit">发送新验证码 / Send me a new code</button>
</form>`;
}

function errorPage(c: Context<AppEnv>, error: unknown) {
  if (!isDomainError(error)) throw error;
  return c.html(
    pageLayout(
      '签署链接不可用 / Signing link unavailable',
      html`<h1>签署链接不可用 / Signing link unavailable</h1><p class="error">${error.message}</p>`,
    ),
    statusOf(error) as ContentfulStatusCode,
    headersOf(error),
  );
}
