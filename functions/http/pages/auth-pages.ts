import { html } from 'hono/html';
import { en, pageLayout } from './page-layout';
import { signOutCsrfField } from './session-cookies';

/** A sign-in that did not complete: what happened, and a way to start again. Nothing was set. */
export function signInRefusedPage(message: { zh: string; en: string }, retryHref: string) {
  return pageLayout(
    '无法登录 / Sign-in failed',
    html`<h1>无法登录 / ${en('Sign-in failed')}</h1>
<p class="error">${message.zh}<br>${en(message.en)}</p>
<p><a href="${retryHref}">重新登录 / ${en('Sign in again')}</a></p>`,
  );
}

export function signedOutPage() {
  return pageLayout(
    '已退出 / Signed out',
    html`<h1>已退出 / ${en('Signed out')}</h1>
<p class="ok">您已安全退出。/ ${en('You have signed out.')}</p>
<p><a href="/auth/sign-in?pool=parties&amp;return=/cases">重新登录 / ${en('Sign in again')}</a></p>`,
  );
}

/**
 * GET /auth/sign-out: the sign-out button (old links land here), which signs out only when pressed:
 * a link or an image on another site cannot. `expired` when a posted form's token did not match.
 */
export function signOutPage(csrf: string, expired = false) {
  return pageLayout(
    '退出登录 / Sign out',
    html`<h1>退出登录 / ${en('Sign out')}</h1>
${expired ? html`<p class="error" role="alert">表单已过期，请再按一次“退出”。<br>${en('This form has expired; press Sign out again.')}</p>` : ''}
<form method="post" action="/auth/sign-out" data-testid="sign-out-form">
<input type="hidden" name="${signOutCsrfField}" value="${csrf}">
<button type="submit">退出 / ${en('Sign out')}</button></form>
<p><a href="/cases">返回我的案件 / ${en('Back to my cases')}</a></p>`,
  );
}

/** A party's first sign-in: prove who it is so the sign-in is linked to its person (and its cases). */
export function linkPage(
  view: { csrf: string; returnTo: string; maskedMobile?: string; joinedAs?: string },
  message?: { kind: 'error' | 'ok'; zh: string; en: string },
) {
  return pageLayout(
    '确认身份 / Confirm who you are',
    html`<h1>确认身份 / ${en('Confirm who you are')}</h1>
${message ? html`<p class="${message.kind}" role="alert">${message.zh}<br>${en(message.en)}</p>` : ''}
<p>首次登录需确认身份：我们会向运营商核验您的身份证号、姓名与登录手机号${view.maskedMobile ? html`（${view.maskedMobile}）` : ''}是否一致。<br>
<span class="muted" lang="en">First sign-in: the carrier checks that your ID number and name match the mobile you signed in with.</span></p>
${
  view.joinedAs
    ? html`<form method="post" action="/auth/link">
<input type="hidden" name="csrf" value="${view.csrf}"><input type="hidden" name="return" value="${view.returnTo}">
<input type="hidden" name="via" value="invitation">
<p>您刚刚通过邀请以「${view.joinedAs}」的身份加入。/ ${en(html`You have just joined by invitation as “${view.joinedAs}”.`)}</p>
<button type="submit" id="confirm-joined">以此身份确认 / ${en('Confirm as this person')}</button></form>
<p class="muted">或填写身份证号和姓名：/ ${en('Or enter an ID number and name:')}</p>`
    : ''
}<form method="post" action="/auth/link">
<input type="hidden" name="csrf" value="${view.csrf}"><input type="hidden" name="return" value="${view.returnTo}">
<label for="idNumber">身份证号 / ${en('ID number')}</label><input id="idNumber" name="idNumber" autocomplete="off" required>
<label for="name">姓名 / ${en('Name')}</label><input id="name" name="name" autocomplete="name" required>
<button type="submit">确认 / ${en('Confirm')}</button></form>`,
  );
}
