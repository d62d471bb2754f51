import { html } from 'hono/html';
import { csrfField } from './inbox-page';
import { pageLayout } from './page-layout';

export interface SignInView {
  csrf: string;
  /** Mediators to pick from: only on the local runtime, where the page can issue their token itself. */
  mediators?: Array<{ id: string; name: string }>;
  problems?: string[];
  /** Managed login (password and TOTP), when the platform offers staff sign-in. */
  managedSignIn?: string;
}

/**
 * The inbox's sign-in page. Locally: pick a mediator of the roster, or paste a token from
 * `npm run token -- mediator <sub>`. In AWS the mediator signs in with the Cognito user pool's hosted
 * UI (see routes/inbox.ts); pasting a token stays possible for support staff.
 */
export function signInPage(view: SignInView) {
  return pageLayout(
    '调解员登录 / Mediator sign-in',
    html`<h1>调解员登录 / Mediator sign-in</h1>
${
  view.managedSignIn
    ? html`<p><a class="button" href="${view.managedSignIn}" data-testid="managed-sign-in">工作人员登录（密码与动态验证码）/ Staff sign-in (password and authenticator code)</a></p>
<p class="muted">或者 / or</p>`
    : ''
}
${
  view.problems && view.problems.length > 0
    ? html`<div class="error" role="alert">${view.problems.map((problem) => html`<div>${problem}</div>`)}</div>`
    : ''
}
${
  view.mediators
    ? html`<form method="post" action="/inbox/sign-in">${csrfField(view.csrf)}
<label for="mediatorId">选择调解员（本地运行环境）/ Pick a mediator (local runtime)</label>
<select id="mediatorId" name="mediatorId" required>${view.mediators.map(
        (mediator) => html`<option value="${mediator.id}">${mediator.name}</option>`,
      )}</select>
<button type="submit" data-testid="pick-sign-in">登录 / Sign in</button>
</form>
<p class="muted">或者 / or</p>`
    : ''
}
<form method="post" action="/inbox/sign-in">${csrfField(view.csrf)}
<label for="token">访问令牌 / Access token</label>
<textarea id="token" name="token" rows="4" autocomplete="off" spellcheck="false" required style="font:inherit;width:100%;box-sizing:border-box"></textarea>
<p class="muted">本地运行：<code>npm run token -- mediator &lt;sub&gt;</code> / Locally: <code>npm run token -- mediator &lt;sub&gt;</code></p>
<button type="submit">使用令牌登录 / Sign in with the token</button>
</form>`,
  );
}
