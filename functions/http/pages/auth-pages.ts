import { html } from 'hono/html';
import type { Dispute } from '../../../shared/domain/mediation/dispute';
import { beijingTime, categoryLabels, statusLabels } from './inbox-labels';
import { pageLayout } from './page-layout';

/** A sign-in that did not complete: what happened, and a way to start again. Nothing was set. */
export function signInRefusedPage(message: { zh: string; en: string }, retryHref: string) {
  return pageLayout(
    '无法登录 / Sign-in failed',
    html`<h1>无法登录 / Sign-in failed</h1>
<p class="error">${message.zh}<br>${message.en}</p>
<p><a href="${retryHref}">重新登录 / Sign in again</a></p>`,
  );
}

export function signedOutPage() {
  return pageLayout(
    '已退出 / Signed out',
    html`<h1>已退出 / Signed out</h1>
<p class="ok">您已安全退出。/ You have signed out.</p>
<p><a href="/auth/sign-in?pool=parties&amp;return=/cases">重新登录 / Sign in again</a></p>`,
  );
}

/** A signed-in party's disputes ("my cases"), read through the same use case as GET /v1/disputes. */
export function myCasesPage(disputes: readonly Dispute[]) {
  const rows = disputes.map(
    (
      dispute,
    ) => html`<li data-dispute-id="${dispute.id}"><strong>${categoryLabels[dispute.category] ?? dispute.category}</strong>
 · ${statusLabels[dispute.status] ?? dispute.status}<br><span class="muted">${dispute.id} · ${beijingTime(dispute.createdAt)}</span></li>`,
  );
  return pageLayout(
    '我的案件 / My cases',
    html`<h1>我的案件 / My cases</h1>
${disputes.length === 0 ? html`<p class="muted">暂无案件。/ No cases yet.</p>` : html`<ul id="cases">${rows}</ul>`}
<p><a href="/auth/sign-out">退出 / Sign out</a></p>`,
  );
}
