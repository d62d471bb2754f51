import { html } from 'hono/html';
import { csrfField } from './inbox-page';
import { pageLayout } from './page-layout';

/**
 * A page that only says why the inbox cannot go on (not signed in, not a mediator, a form that
 * failed its CSRF check), with the way back. Never a stack trace.
 */
export function inboxMessagePage(view: { title: string; message: string; csrf?: string; signOut?: boolean }) {
  return pageLayout(
    view.title,
    html`<h1>${view.title}</h1>
<p class="error" role="alert">${view.message}</p>
${
  view.signOut && view.csrf
    ? html`<form method="post" action="/inbox/sign-out">${csrfField(view.csrf)}<button type="submit">退出并换一个账号登录 / Sign out and sign in as someone else</button></form>`
    : html`<p><a href="/inbox">返回工作台 / Back to the inbox</a></p>`
}`,
  );
}
