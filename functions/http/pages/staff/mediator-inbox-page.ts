import { html, raw } from 'hono/html';
import type { Dispute } from '../../../../shared/domain/mediation/dispute';
import type { Mediator } from '../../../../shared/domain/mediation/mediator';
import type { failureReasons } from '../../../../shared/use-cases/disputes/close-mediation';
import type { OfferView } from '../../../../shared/use-cases/offers/list-my-offers';
import { categoryLabels, failureReasonLabels, formatAmount, statusLabels, timeLeft } from '../inbox-labels';
import { beijing, csrfField, half, type Lang, type Say, sayer, staffFrame, staffPage } from './staff-layout';

export interface MediatorInboxView {
  lang: Lang;
  path: string;
  mediator?: Mediator;
  offers: OfferView[];
  activeCases: Dispute[];
  closedCases: Dispute[];
  now: Date;
  csrf: string;
  nonce: string;
  notice?: string;
  problems?: string[];
  /** A refused decline: its offer's form is shown open again with what was typed and the error at the reason. */
  decline?: { offerId: string; reason: string; error: string };
}

/** The signed-in mediator's inbox: offers with their countdown, cases in mediation, closed cases, availability. */
export function mediatorInboxPage(view: MediatorInboxView) {
  const t = sayer(view.lang);
  return staffPage(
    staffFrame('inbox', view, t('调解员工作台', 'Mediator inbox')),
    html`${view.mediator ? html`<p class="muted">${view.mediator.name} · <code>${view.mediator.id}</code></p>` : ''}
<section aria-labelledby="offers-heading" data-testid="offers">
<h2 id="offers-heading">${t('待答复的调解邀请', 'Offers awaiting your answer')} (${view.offers.length})</h2>
${view.offers.length === 0 ? html`<p class="muted">${t('暂无', 'None at the moment.')}</p>` : view.offers.map((offer) => offerCard(offer, view, t))}
</section>
<section aria-labelledby="cases-heading" data-testid="active-cases">
<h2 id="cases-heading">${t('我的在办案件', 'My active cases')} (${view.activeCases.length})</h2>
${
  view.activeCases.length === 0
    ? html`<p class="muted">${t('暂无', 'None at the moment.')}</p>`
    : view.activeCases.map((dispute) => activeCard(dispute, view, t))
}
</section>
<section aria-labelledby="closed-heading" data-testid="closed-cases">
<h2 id="closed-heading">${t('已结案件', 'Closed cases')} (${view.closedCases.length})</h2>
${
  view.closedCases.length === 0
    ? html`<p class="muted">${t('暂无', 'None yet.')}</p>`
    : html`<div class="scroll" role="region" aria-label="${t('已结案件列表', 'Closed cases, with their outcome')}" tabindex="0"><table>
<thead><tr><th scope="col">${t('案件', 'Case')}</th><th scope="col">${t('结果', 'Outcome')}</th><th scope="col">${t('结案时间', 'Closed')}</th></tr></thead>
<tbody>${view.closedCases.map(
        (
          dispute,
        ) => html`<tr data-dispute-id="${dispute.id}"><td><a href="/inbox/disputes/${dispute.id}">${half(categoryLabels[dispute.category], view.lang)}</a><br><code>${dispute.id}</code></td>
<td data-testid="outcome">${outcomeText(dispute, view.lang)}</td><td>${dispute.closedAt ? beijing(dispute.closedAt, view.lang) : '–'}</td></tr>`,
      )}</tbody></table></div>`
}
</section>
${view.mediator ? availability(view.mediator, view, t) : ''}
<script nonce="${view.nonce}">${raw(countdownScript(view.lang))}</script>`,
  );
}

export function outcomeText(dispute: Dispute, lang: Lang): string {
  const status = half(statusLabels[dispute.status], lang);
  if (!dispute.outcome) return status;
  const reason = failureReasonLabels[dispute.outcome.reason as (typeof failureReasons)[number]];
  return reason ? `${status} · ${half(reason, lang)}` : status;
}

function offerCard(offer: OfferView, view: MediatorInboxView, t: Say) {
  const left = Date.parse(offer.deadline) - view.now.getTime();
  return html`<article class="card" data-offer-id="${offer.offerId}" aria-labelledby="offer-${offer.offerId}">
<h3 id="offer-${offer.offerId}">${half(categoryLabels[offer.dispute.category], view.lang)}</h3>
<p>${t('标的额', 'Claim')}: <b>${formatAmount(offer.dispute.claim)}</b></p>
<p>${offer.dispute.summary}</p>
<p>${t('答复期限', 'Answer by')}: ${beijing(offer.deadline, view.lang)}</p>
<p class="countdown" data-deadline="${offer.deadline}">${half(timeLeft(left), view.lang)}</p>
<form method="post" action="/inbox/offers/${offer.offerId}/accept">${csrfField(view.csrf)}<button type="submit">${t('接受', 'Accept')}</button></form>
${declineForm(offer, view, t)}
</article>`;
}

/** Decline with a reason; after a refusal it is open again, with the reason as typed and the error at it. */
function declineForm(offer: OfferView, view: MediatorInboxView, t: Say) {
  const refused = view.decline?.offerId === offer.offerId ? view.decline : undefined;
  const id = `reason-${offer.offerId}`;
  return html`<details${refused ? raw(' open') : ''}><summary>${t('拒绝并说明理由', 'Decline with a reason')}</summary>
<form method="post" action="/inbox/offers/${offer.offerId}/decline">${csrfField(view.csrf)}
<label for="${id}">${t('理由', 'Reason')}</label>
${refused ? html`<p class="field-error" id="${id}-error">${half(refused.error, view.lang)}</p>` : ''}
<textarea id="${id}" name="reason" rows="2" minlength="2" maxlength="500" required${refused ? raw(` aria-invalid="true" aria-describedby="${id}-error"`) : ''}>${refused?.reason ?? ''}</textarea>
<button class="danger" type="submit">${t('拒绝', 'Decline')}</button>
</form></details>`;
}

function activeCard(dispute: Dispute, view: MediatorInboxView, t: Say) {
  return html`<article class="card" data-dispute-id="${dispute.id}" aria-labelledby="case-${dispute.id}">
<h3 id="case-${dispute.id}"><a href="/inbox/disputes/${dispute.id}">${half(categoryLabels[dispute.category], view.lang)}</a></h3>
<div class="grid">
<p>${t('案件编号', 'Dispute')}: <code>${dispute.id}</code></p>
<p>${t('状态', 'Status')}: <b data-testid="status">${half(statusLabels[dispute.status], view.lang)}</b></p>
<p>${t('标的额', 'Claim')}: ${formatAmount(dispute.claim)}</p>
<p>${t('调解期限', 'Mediation ends')}: ${beijing(dispute.mediationDeadline.endsAt, view.lang)}</p>
</div>
<p><a href="/inbox/disputes/${dispute.id}" data-testid="open-room">${t('进入调解室', 'Open the case room')}</a></p>
</article>`;
}

function availability(mediator: Mediator, view: MediatorInboxView, t: Say) {
  return html`<section aria-labelledby="availability-heading" data-testid="availability">
<h2 id="availability-heading">${t('可接案状态', 'Availability')}</h2>
<p>${t('线上调解', 'Online mediation')}: <b data-testid="online-status">${mediator.online ? t('在线', 'Online') : t('离线', 'Offline')}</b>
· ${t('在办', 'Holding')} ${mediator.activeCases} / ${mediator.capacity}</p>
<p>${t('休假', 'Leave')}: ${
    mediator.leave.length === 0
      ? t('无', 'none')
      : mediator.leave.map((period) => `${period.from} – ${period.to}`).join(view.lang === 'zh' ? '；' : '; ')
  }</p>
<form method="post" action="/inbox/availability">${csrfField(view.csrf)}
<fieldset><legend>${t('修改', 'Change')}</legend>
<label class="check"><input type="checkbox" id="online" name="online" value="yes"${mediator.online ? raw(' checked') : ''}>${t('接受线上调解', 'I mediate online')}</label>
<div class="grid">
<div><label for="leave-from">${t('休假开始（含）', 'Leave from (inclusive)')}</label><input type="date" id="leave-from" name="leaveFrom"></div>
<div><label for="leave-to">${t('休假结束（含）', 'Leave to (inclusive)')}</label><input type="date" id="leave-to" name="leaveTo"></div>
</div>
<label class="check"><input type="checkbox" id="clear-leave" name="clearLeave" value="yes">${t('清除已登记的休假', 'Clear the leave on record')}</label>
<button type="submit">${t('保存', 'Save')}</button>
</fieldset></form>
</section>`;
}

/** The page's only script: it keeps the countdowns current, in the page's language. */
function countdownScript(lang: Lang): string {
  return `(function(){var timeLeft=${timeLeft.toString()};var zh=${lang === 'zh'};
function tick(){var now=Date.now();var els=document.querySelectorAll('[data-deadline]');
for(var i=0;i<els.length;i++){var both=timeLeft(Date.parse(els[i].getAttribute('data-deadline'))-now).split(' / ');els[i].textContent=zh?both[0]:(both[1]||both[0]);}}
tick();setInterval(tick,30000);})();`;
}
