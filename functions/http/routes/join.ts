import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { normalizeEmail, normalizePhone } from '../../../shared/domain/contacts/contact-normalization';
import { isDomainError } from '../../../shared/domain/errors';
import { consentBases } from '../../../shared/domain/mediation/case-party';
import { sendFreshInvitationCode } from '../../../shared/use-cases/disputes/fresh-invitation-code';
import { type InvitationView, joinDispute, viewInvitation } from '../../../shared/use-cases/disputes/join-dispute';
import { ownAddressesWrite } from '../../../shared/use-cases/service/party-addresses';
import type { AppEnv } from '../app-env';
import { writeJoinedTicket } from '../auth/page-session';
import type { HttpDeps } from '../deps';
import { pageLayout } from '../pages/page-layout';
import { headersOf, statusOf } from '../problem';
import { text } from './schemas';

const basisLabels: Record<(typeof consentBases)[number], string> = {
  platform_declaration: '本人在平台声明同意 / My own declaration on this platform',
  contract_clause: '合同约定电子送达 / A contract clause agreeing to electronic service',
  earlier_litigation: '此前诉讼中已同意 / Accepted in earlier litigation',
  conduct: '签收电子送达文书 / Signing for an electronically served document',
};

const joinFormSchema = z
  .object({
    code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字 / the code has 6 digits'),
    idLastDigits: z.string().regex(/^[0-9A-Za-z]{4}$/, '身份证件号码后 4 位 / the last 4 characters of your ID number'),
    consentBasis: z.enum(consentBases).optional(),
    evidence: text({ max: 200, label: { zh: '依据材料', en: 'the evidence reference' } }).optional(),
    /** Absent: the party joins without consenting (consent needs a verified identity, DESIGN.md). */
    agree: z.literal('yes', { message: '请确认同意电子送达 / confirm your consent to electronic service' }).optional(),
    phone: z.string().trim().optional(),
    email: text({ label: { zh: '送达邮箱', en: 'the email for service' } }).optional(),
  })
  .strict();

/**
 * The respondent's join page (GET shows it, POST submits it): Chinese and English, usable on a
 * phone, no script. The link's token is the only thing that names the invitation.
 */
export function joinRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();

  app.get('/:token', async (c) => {
    try {
      const view = await viewInvitation(deps, c.req.param('token'));
      return c.html(pageLayout('加入调解 / Join the mediation', joinForm(view, [], c.req.param('token'))));
    } catch (error) {
      return errorPage(c, error);
    }
  });

  app.post('/:token', async (c) => {
    const token = c.req.param('token');
    let view: InvitationView;
    try {
      view = await viewInvitation(deps, token);
    } catch (error) {
      return errorPage(c, error);
    }
    const form = joinFormSchema.safeParse(
      Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, v]) => v !== '')),
    );
    const phone = form.success && form.data.phone ? normalizePhone(form.data.phone) : undefined;
    const email = form.success && form.data.email ? normalizeEmail(form.data.email) : undefined;
    const problems = form.success ? [] : form.error.issues.map((issue) => issue.message);
    if (form.success && form.data.phone && !phone) problems.push('手机号码无效 / not a valid phone number');
    if (form.success && form.data.email && !email) problems.push('邮箱地址无效 / not a valid email address');
    const consenting = form.success && form.data.agree === 'yes';
    if (consenting && !form.data.phone && !form.data.email) {
      problems.push('请至少填写一个送达地址 / give at least one address for service');
    }
    if (form.success && !consenting && (form.data.phone || form.data.email)) {
      problems.push(
        '送达地址须与电子送达同意一并提交 / an address for service is given with your consent to electronic service',
      );
    }
    if (!form.success || problems.length > 0) {
      return c.html(pageLayout('加入调解 / Join the mediation', joinForm(view, problems, token)), 400);
    }
    try {
      const joined = await joinDispute({ ...deps, ownAddresses: ownAddressesWrite }, token, {
        code: form.data.code,
        idLastDigits: form.data.idLastDigits,
        client: c.get('clientAddress'),
        ...(consenting
          ? {
              consent: {
                basis: form.data.consentBasis ?? 'platform_declaration',
                ...(form.data.evidence ? { evidence: form.data.evidence } : {}),
              },
              serviceAddress: { ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
            }
          : {}),
      });
      // The proof just given carries to this browser's first sign-in, so the sign-in links to this person.
      if (deps.signIn) await writeJoinedTicket(c, deps.signIn, joined.person);
      return c.html(
        pageLayout(
          '已加入 / Joined',
          html`<h1>已加入调解 / You have joined</h1>
${
  consenting
    ? html`<p class="ok">纠纷 ${view.reference}：您的身份已核实，电子送达同意已记录。<br>Dispute ${view.reference}: your identity is confirmed and your consent to electronic service is recorded.</p>`
    : html`<p class="ok">纠纷 ${view.reference}：您已加入。尚未记录电子送达同意。<br>Dispute ${view.reference}: you have joined. No consent to electronic service is recorded.</p>`
}
<p><a href="/auth/sign-in?pool=parties&amp;return=%2Fcases" data-testid="follow-your-case">登录以跟进您的案件 / Sign in to follow your case</a></p>
<p class="muted">首次登录时需用本人手机号确认身份。/ The first time you sign in, you confirm who you are with your own mobile number.</p>`,
        ),
        201,
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return c.html(
        pageLayout('加入调解 / Join the mediation', joinForm(view, [error.message], token)),
        statusOf(error) as ContentfulStatusCode,
        headersOf(error),
      );
    }
  });

  // A fresh code, sent to the address the invitation went to (never one given here).
  app.post('/:token/code', async (c) => {
    try {
      const sent = await sendFreshInvitationCode(deps, c.req.param('token'));
      return c.html(
        pageLayout(
          '新验证码已发送 / New code sent',
          html`<h1>新验证码已发送 / New code sent</h1>
<p class="ok">新的验证码已通过${sent.channel === 'sms' ? '短信' : '邮件'}发送到邀请所用的地址，此前的验证码已失效。<br>A new code was sent by ${sent.channel === 'sms' ? 'SMS' : 'email'} to the address of the invitation; earlier codes no longer work.</p>
<p><a href="/join/${c.req.param('token')}">返回 / Back</a></p>`,
        ),
        202,
      );
    } catch (error) {
      return errorPage(c, error);
    }
  });

  return app;
}

function joinForm(view: InvitationView, problems: string[], token: string) {
  return html`<h1>加入调解 / Join the mediation</h1>
<p>${view.partyName}，您被邀请作为${view.role === 'respondent' ? '被申请人' : '申请人'}参加纠纷 <b>${view.reference}</b> 的在线调解。<br>
${view.partyName}, you are invited as ${view.role} to the online mediation of dispute <b>${view.reference}</b>.</p>
${problems.length > 0 ? html`<div class="error" role="alert">${problems.map((problem) => html`<div>${problem}</div>`)}</div>` : ''}
<form method="post">
<label for="code">短信或邮件中的验证码 / Code from the message</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<label for="idLastDigits">身份证件号码后 4 位 / Last 4 characters of your ID number</label>
<input id="idLastDigits" name="idLastDigits" maxlength="4" required>
<label for="consentBasis">同意电子送达的依据 / Basis of your consent to electronic service</label>
<select id="consentBasis" name="consentBasis">${consentBases.map((basis) => html`<option value="${basis}">${basisLabels[basis]}</option>`)}</select>
<label for="evidence">依据材料（可选）/ Evidence reference (optional)</label>
<input id="evidence" name="evidence">
<label for="phone">送达手机号码 / Phone for service</label>
<input id="phone" name="phone" type="tel" autocomplete="tel">
<label for="email">送达邮箱 / Email for service</label>
<input id="email" name="email" type="email" autocomplete="email">
<label><input type="checkbox" name="agree" value="yes"> 本人同意通过上述地址接收电子送达的文书 / I consent to receive documents electronically at these addresses</label>
<p class="muted">同意电子送达须经身份核验（手机号码实名核验，或由工作人员核验证件）。未勾选亦可加入。<br>Consent needs a verified identity (the carrier confirms your mobile is registered to you, or staff check your identity document). You may join without it.</p>
<button type="submit">加入 / Join</button>
</form>
<form method="post" action="/join/${token}/code">
<button type="submit">发送新验证码 / Send me a new code</button>
</form>`;
}

function errorPage(c: Context<AppEnv>, error: unknown) {
  if (!isDomainError(error)) throw error;
  return c.html(
    pageLayout(
      '邀请不可用 / Invitation unavailable',
      html`<h1>邀请不可用 / Invitation unavailable</h1><p class="error">${error.message}</p>`,
    ),
    statusOf(error) as ContentfulStatusCode,
    headersOf(error),
  );
}
