import { html } from 'hono/html';
import { csrfField, half, type Lang, sayer, staffPage } from './staff-layout';

export interface StaffSignInView {
  lang: Lang;
  area: 'inbox' | 'operator';
  csrf: string;
  problems?: string[];
  /** Managed login (password and TOTP), when the platform offers staff sign-in. */
  managedSignIn?: string | undefined;
  /** The local runtime only: sign in as a roster mediator (a list) or an operator id (typed). */
  local?: { mediators: Array<{ id: string; name: string }> } | { operator: true };
}

/**
 * The staff sign-in page of the inbox or the service centre: managed login where the platform
 * offers it; locally a mediator from the roster or an operator id; a pasted token always.
 */
export function staffSignInPage(view: StaffSignInView) {
  const t = sayer(view.lang);
  const inbox = view.area === 'inbox';
  const action = inbox ? '/inbox/sign-in' : '/service-centre/sign-in';
  const local = view.local;
  return staffPage(
    {
      lang: view.lang,
      title: inbox ? t('调解员登录', 'Mediator sign-in') : t('送达中心登录', 'Service centre sign-in'),
      path: inbox ? '/inbox' : '/service-centre',
      area: view.area,
      ...(view.problems && view.problems.length > 0 ? { problems: view.problems.map((p) => half(p, view.lang)) } : {}),
    },
    html`<p>${inbox ? t('仅限调解员。', 'For mediators only.') : t('仅限平台运营人员。', 'For platform operators only.')}</p>
${
  view.managedSignIn
    ? html`<p><a class="button" href="${view.managedSignIn}" data-testid="managed-sign-in">${t('工作人员登录（密码与动态验证码）', 'Staff sign-in (password and authenticator code)')}</a></p>`
    : ''
}
${
  local && 'mediators' in local
    ? html`<form method="post" action="${action}">${csrfField(view.csrf)}
<label for="mediatorId">${t('选择调解员（本地运行环境）', 'Pick a mediator (local runtime)')}</label>
<select id="mediatorId" name="mediatorId" required>${local.mediators.map((mediator) => html`<option value="${mediator.id}">${mediator.name}</option>`)}</select>
<button type="submit" data-testid="pick-sign-in">${t('登录', 'Sign in')}</button>
</form>`
    : ''
}
${
  local && 'operator' in local
    ? html`<form method="post" action="${action}">${csrfField(view.csrf)}
<label for="operatorId">${t('运营人员编号（本地运行环境）', 'Operator id (local runtime)')}</label>
<input id="operatorId" name="operatorId" autocomplete="username">
<button type="submit" data-testid="local-sign-in">${t('登录', 'Sign in')}</button>
</form>`
    : ''
}
<form method="post" action="${action}">${csrfField(view.csrf)}
<label for="token">${t('访问令牌', 'Access token')}</label>
<textarea id="token" name="token" rows="4" autocomplete="off" spellcheck="false" required></textarea>
<p class="muted">${t('本地运行', 'Locally')}: <code>npm run token -- ${inbox ? 'mediator' : 'operator'} &lt;sub&gt;</code></p>
<button type="submit">${t('使用令牌登录', 'Sign in with the token')}</button>
</form>`,
  );
}

/**
 * A page that only says why the staff page cannot go on (not signed in, the wrong role, a form that
 * failed its check), with the way back. `title` and `message` are "中文 / English" pairs.
 */
export function staffMessagePage(view: {
  lang: Lang;
  area: 'inbox' | 'operator';
  title: string;
  message: string;
  csrf?: string | undefined;
  signOut?: boolean | undefined;
}) {
  const t = sayer(view.lang);
  const inbox = view.area === 'inbox';
  return staffPage(
    {
      lang: view.lang,
      title: half(view.title, view.lang),
      path: inbox ? '/inbox' : '/service-centre',
      area: view.area,
    },
    html`<div class="notice error" role="alert">${half(view.message, view.lang)}</div>
${
  view.signOut && view.csrf
    ? html`<form method="post" action="${inbox ? '/inbox/sign-out' : '/service-centre/sign-out'}">${csrfField(view.csrf)}<button type="submit">${t('退出并换一个账号登录', 'Sign out and sign in as someone else')}</button></form>`
    : html`<p><a href="${inbox ? '/inbox' : '/service-centre'}">${inbox ? t('返回工作台', 'Back to the inbox') : t('返回送达中心', 'Back to the service centre')}</a></p>`
}`,
  );
}
