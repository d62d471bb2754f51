import { html, raw } from 'hono/html';
import type { Dispute } from '../../../shared/domain/mediation/dispute';
import { failureReasons } from '../../../shared/use-cases/disputes/close-mediation';
import type { OfferView } from '../../../shared/use-cases/offers/list-my-offers';
import {
  beijingTime,
  categoryLabels,
  type DoneMessage,
  doneMessages,
  failureReasonLabels,
  formatAmount,
  outcomeKindLabels,
  statusLabels,
  timeLeft,
} from './inbox-labels';
import { pageLayout } from './page-layout';

export interface InboxView {
  subjectId: string;
  offers: OfferView[];
  activeCases: Dispute[];
  now: Date;
  csrf: string;
  /** The script's nonce, allowed by the page's Content-Security-Policy. */
  nonce: string;
  done?: DoneMessage;
  problems?: string[];
}

/** Cards, forms side by side on a wide screen and stacked on a phone; nothing wider than the screen. */
const inboxStyle = html`<style>
section{margin-top:1.5rem}h2{font-size:1.1rem;border-bottom:1px solid #d5dae1;padding-bottom:.3rem}
.card{border:1px solid #d5dae1;border-radius:8px;padding:.8rem;margin:.8rem 0;overflow-wrap:anywhere}
.card h3{font-size:1rem;margin:0 0 .3rem}.row{display:flex;gap:.5rem;flex-wrap:wrap}.row>*{flex:1 1 9rem}
.countdown{font-weight:600;color:#9a3412}details{margin-top:.6rem}summary{cursor:pointer;color:#1d4ed8}
textarea{font:inherit;width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #b8c0cc;border-radius:6px}
button.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}button.danger{background:#b91c1c}
header{display:flex;justify-content:space-between;align-items:center;gap:.5rem;flex-wrap:wrap}
header form button{margin:0;width:auto;padding:.35rem .8rem}
</style>`;

/** The signed-in mediator's inbox: open offers with their countdown, then the cases they hold. */
export function inboxPage(view: InboxView) {
  return pageLayout(
    '调解员工作台 / Mediator inbox',
    html`${inboxStyle}
<header><h1>调解员工作台 / Mediator inbox</h1>
<form method="post" action="/inbox/sign-out">${csrfField(view.csrf)}<button class="secondary" type="submit">退出 / Sign out</button></form></header>
<p class="muted">已登录 / Signed in: <code>${view.subjectId}</code></p>
${view.done ? html`<p class="ok" role="status">${doneMessages[view.done]}</p>` : ''}
${
  view.problems && view.problems.length > 0
    ? html`<div class="error" role="alert">${view.problems.map((problem) => html`<div>${problem}</div>`)}</div>`
    : ''
}
<section aria-labelledby="offers-heading" data-testid="offers">
<h2 id="offers-heading">待答复的调解邀请 / Offers awaiting your answer (${view.offers.length})</h2>
${view.offers.length === 0 ? html`<p class="muted">暂无 / None at the moment.</p>` : view.offers.map((offer) => offerCard(offer, view))}
</section>
<section aria-labelledby="cases-heading" data-testid="active-cases">
<h2 id="cases-heading">我的在办案件 / My active cases (${view.activeCases.length})</h2>
${
  view.activeCases.length === 0
    ? html`<p class="muted">暂无 / None at the moment.</p>`
    : view.activeCases.map((dispute) => caseCard(dispute, view.csrf))
}
</section>
<script nonce="${view.nonce}">${raw(countdownScript)}</script>`,
  );
}

function offerCard(offer: OfferView, view: InboxView) {
  const left = Date.parse(offer.deadline) - view.now.getTime();
  return html`<article class="card" data-offer-id="${offer.offerId}">
<h3>${categoryLabels[offer.dispute.category]}</h3>
<div>标的额 / Claim: <b>${formatAmount(offer.dispute.claim)}</b></div>
<p>${offer.dispute.summary}</p>
<div>答复期限 / Answer by: ${beijingTime(offer.deadline)}</div>
<div class="countdown" data-deadline="${offer.deadline}">${timeLeft(left)}</div>
<div class="row">
<form method="post" action="/inbox/offers/${offer.offerId}/accept">${csrfField(view.csrf)}<button type="submit">接受 / Accept</button></form>
</div>
<details><summary>拒绝并说明理由 / Decline with a reason</summary>
<form method="post" action="/inbox/offers/${offer.offerId}/decline">${csrfField(view.csrf)}
<label for="reason-${offer.offerId}">理由 / Reason</label>
<textarea id="reason-${offer.offerId}" name="reason" rows="2" minlength="2" maxlength="500" required></textarea>
<button class="danger" type="submit">拒绝 / Decline</button>
</form></details>
</article>`;
}

function caseCard(dispute: Dispute, csrf: string) {
  const needsReferral = dispute.stage === 'pre_filing';
  return html`<article class="card" data-dispute-id="${dispute.id}">
<h3>${categoryLabels[dispute.category]}</h3>
<div>案件编号 / Dispute: <code>${dispute.id}</code></div>
<div>状态 / Status: <b data-testid="status">${statusLabels[dispute.status]}</b></div>
<div>标的额 / Claim: ${formatAmount(dispute.claim)}</div>
<div>调解期限 / Mediation ends: ${dispute.mediationDeadline.lastDay} 24:00 (UTC+8)</div>
<details><summary>记录调解结果 / Record the outcome</summary>
<form method="post" action="/inbox/disputes/${dispute.id}/outcome">${csrfField(csrf)}
<label for="kind-${dispute.id}">结果 / Outcome</label>
<select id="kind-${dispute.id}" name="kind">${Object.entries(outcomeKindLabels).map(
    ([kind, label]) => html`<option value="${kind}">${label}</option>`,
  )}</select>
<label for="reason-${dispute.id}">原因 / Reason</label>
<select id="reason-${dispute.id}" name="reason">${failureReasons.map(
    (reason) => html`<option value="${reason}">${failureReasonLabels[reason]}</option>`,
  )}</select>
<label for="referral-${dispute.id}">转诉讼摘要 / Summary for referral to litigation${needsReferral ? html` <span class="muted">（诉前调解不成时必填 / required when a pre-filing mediation fails）</span>` : ''}</label>
<textarea id="referral-${dispute.id}" name="referralSummary" rows="3" maxlength="2000"></textarea>
<button type="submit">记录 / Record</button>
</form></details>
</article>`;
}

export function csrfField(csrf: string) {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

/**
 * The page's only script: it keeps the countdowns current (every 30 s) with the same wording the
 * server rendered. Inline, with a nonce; nothing is loaded from anywhere else.
 */
const countdownScript = `(function(){var timeLeft=${timeLeft.toString()};
function tick(){var now=Date.now();var els=document.querySelectorAll('[data-deadline]');
for(var i=0;i<els.length;i++){els[i].textContent=timeLeft(Date.parse(els[i].getAttribute('data-deadline'))-now);}}
tick();setInterval(tick,30000);})();`;
