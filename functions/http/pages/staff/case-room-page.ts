import { html, raw } from 'hono/html';
import type { CaseRoom } from '../../../../shared/use-cases/disputes/case-room';
import { failureReasons } from '../../../../shared/use-cases/disputes/close-mediation';
import { categoryLabels, failureReasonLabels, formatAmount, outcomeKindLabels, statusLabels } from '../inbox-labels';
import { roleText } from '../party/party-messages';
import { applicationStatusText, reasonText } from '../party/ruling-page';
import { timelineLabel } from '../party/timeline-labels';
import {
  type ObligationFieldName,
  type ObligationSuffix,
  obligationSuffixes,
  type SettlementForm,
  type SettlementFormField,
} from './settlement-form-fields';
import { beijing, csrfField, half, type Lang, type Say, sayer, staffFrame, staffPage } from './staff-layout';

export interface CaseRoomView {
  lang: Lang;
  path: string;
  room: CaseRoom;
  csrf: string;
  notice?: string;
  problems?: string[];
  /** What the mediator typed, kept when the form comes back (a preview, or a problem). */
  form?: SettlementForm;
  fieldErrors?: Partial<Record<SettlementFormField | 'form', string>>;
  /** A refused outcome: the form open again with what was chosen and typed, the error at its field. */
  outcome?: OutcomeFormState;
  /** The canonical document the terms would make (an HTML fragment the domain renders, every value escaped). */
  preview?: { html: string; sha256: string; settlementIdFinal: boolean };
}

export type OutcomeField = 'kind' | 'reason' | 'referralSummary';
export interface OutcomeFormState {
  values: Partial<Record<OutcomeField, string>>;
  fieldErrors: Partial<Record<OutcomeField, string>>;
}

const roleLabels = { applicant: ['申请人', 'Applicant'], respondent: ['被申请人', 'Respondent'] } as const;
const settlementStatusLabels = {
  awaiting_signatures: ['待签署', 'Awaiting signatures'],
  effective: ['已生效', 'In effect'],
  superseded: ['已被新版本取代', 'Superseded'],
  lapsed: ['调解终结，未经全部签署而失效', 'Lapsed: mediation ended before every party signed'],
} as const;

/** The mediator's case room for one dispute. */
export function caseRoomPage(view: CaseRoomView) {
  const t = sayer(view.lang);
  const { room } = view;
  const dispute = room.dispute;
  const open = dispute.status === 'in_mediation';
  return staffPage(
    staffFrame('inbox', view, `${t('调解室', 'Case room')} · ${half(categoryLabels[dispute.category], view.lang)}`),
    html`<p><a class="back" href="/inbox">← ${t('返回工作台', 'Back to the inbox')}</a></p>
<section aria-labelledby="summary-heading" data-testid="case-summary">
<h2 id="summary-heading">${t('案情', 'Summary')}</h2>
<div class="grid">
<p>${t('案件编号', 'Dispute')}: <code>${dispute.id}</code></p>
<p>${t('状态', 'Status')}: <b data-testid="status">${half(statusLabels[dispute.status], view.lang)}</b></p>
<p>${t('标的额', 'Claim')}: ${formatAmount(dispute.claim)}</p>
<p>${t('调解方式', 'Mediation')}: ${dispute.onlineAccepted ? t('可线上', 'online accepted') : t('线下', 'in person')}</p>
</div>
<p>${dispute.summary}</p>
${dispute.outcome ? html`<p data-testid="outcome">${t('结果', 'Outcome')}: ${half(statusLabels[dispute.status], view.lang)} · ${half(failureReasonLabels[dispute.outcome.reason as (typeof failureReasons)[number]] ?? dispute.outcome.reason, view.lang)}</p>` : ''}
</section>
<section aria-labelledby="deadlines-heading">
<h2 id="deadlines-heading">${t('期限', 'Deadlines')}</h2>
<ul>
<li>${t('调解期限', 'Mediation ends')}: ${beijing(dispute.mediationDeadline.endsAt, view.lang)}${dispute.extension.used ? t('（已延长）', ' (extended)') : ''}</li>
${room.settlement?.applicationDeadline ? html`<li>${t('申请司法确认截止', 'Apply for judicial confirmation by')}: ${beijing(room.settlement.applicationDeadline.endsAt, view.lang)}</li>` : ''}
${dispute.closedAt ? html`<li>${t('结案时间', 'Closed')}: ${beijing(dispute.closedAt, view.lang)}</li>` : ''}
</ul>
</section>
${partiesSection(view, t)}
${settlementSection(view, t)}
${confirmationsSection(view, t)}
${open && room.settlement?.status !== 'effective' ? settlementForm(view, t) : ''}
${open ? outcomeForm(view, t) : ''}
${timelineSection(view, t)}`,
  );
}

function partiesSection(view: CaseRoomView, t: Say) {
  const contacts = new Map((view.room.contacts ?? []).map((contact) => [contact.partyId, contact]));
  return html`<section aria-labelledby="parties-heading" data-testid="parties">
<h2 id="parties-heading">${t('当事人', 'Parties')}</h2>
${
  view.room.contacts
    ? html`<p class="muted">${t('联系方式仅在调解期间向本案调解员显示；每次查看均记入审计日志。', 'Contacts are shown to this case’s mediator while it is in mediation only; every view is written to the audit log.')}</p>`
    : html`<p class="muted">${t('案件已结束，联系方式不再显示。', 'The case is closed: contacts are no longer shown.')}</p>`
}
${view.room.parties.map((party) => {
  const contact = contacts.get(party.partyId);
  return html`<article class="card" data-party-id="${party.partyId}" aria-labelledby="party-${party.partyId}">
<h3 id="party-${party.partyId}">${party.name}</h3>
<div class="grid">
<p>${view.lang === 'zh' ? roleLabels[party.role][0] : roleLabels[party.role][1]} · ${party.kind === 'company' ? t('单位', 'company') : t('个人', 'person')}</p>
${party.idMasked ? html`<p>${t('证件', 'ID')}: ${party.idMasked}</p>` : ''}
<p>${party.joinedAt ? `${t('已加入', 'Joined')} ${beijing(party.joinedAt, view.lang)}` : t('尚未加入', 'Not joined yet')}</p>
${party.representatives.length > 0 ? html`<p>${t('代理人', 'Representatives')}: ${party.representatives.join(', ')}</p>` : ''}
${contact?.phone ? html`<p>${t('电话', 'Phone')}: <span data-testid="contact-phone">${contact.phone}</span></p>` : ''}
${contact?.email ? html`<p>${t('邮箱', 'Email')}: <span data-testid="contact-email">${contact.email}</span></p>` : ''}
</div>
</article>`;
})}
</section>`;
}

function settlementSection(view: CaseRoomView, t: Say) {
  const settlement = view.room.settlement;
  const lang = view.lang;
  if (!settlement) {
    return html`<section aria-labelledby="settlement-heading" data-testid="settlement"><h2 id="settlement-heading">${t('调解协议与文书', 'Settlement and documents')}</h2><p class="muted">${t('尚未记录调解协议。', 'No settlement recorded yet.')}</p></section>`;
  }
  const signed = new Map(settlement.signatures.map((signature) => [signature.partyId, signature]));
  const sent = signingLinksSent(view.room.timeline);
  const status = settlementStatusLabels[settlement.status];
  return html`<section aria-labelledby="settlement-heading" data-testid="settlement">
<h2 id="settlement-heading">${t('调解协议与文书', 'Settlement and documents')}</h2>
<p>${t('状态', 'Status')}: <b data-testid="settlement-status">${lang === 'zh' ? status[0] : status[1]}</b> · ${t('第', 'version')} ${settlement.version} ${t('版', '')}</p>
${settlement.effectiveAt ? html`<p>${t('生效时间', 'In effect since')}: ${beijing(settlement.effectiveAt, lang)}</p>` : ''}
<p><a href="/inbox/settlements/${settlement.settlementId}/document" data-testid="document-link">${t('查看协议书（各方签署的文件）', 'Read the agreement (the document every party signs)')}</a><br>
<span class="muted">SHA-256: <code>${settlement.document.sha256}</code></span></p>
<div class="scroll" role="region" aria-label="${t('签署情况', 'Signatures')}" tabindex="0"><table data-testid="signatures">
<thead><tr><th scope="col">${t('当事人', 'Party')}</th><th scope="col">${t('签署', 'Signature')}</th><th scope="col">${t('签署链接', 'Signing link')}</th></tr></thead>
<tbody>${view.room.parties.map((party) => {
    const signature = signed.get(party.partyId);
    const sentAt = sent.get(party.partyId);
    const button = sentAt
      ? html`<button class="secondary" type="submit" aria-label="${t('重新发送签署链接给', 'Send the signing link again to')} ${party.name}">${t('重新发送', 'Send again')}</button>`
      : html`<button class="secondary" type="submit" aria-label="${t('发送签署链接给', 'Send the signing link to')} ${party.name}">${t('发送签署链接', 'Send for signing')}</button>`;
    return html`<tr data-party-id="${party.partyId}"><td>${party.name}</td>
<td data-testid="signature">${signature ? `${t('已签署', 'Signed')} ${beijing(signature.signedAt, lang)}` : t('未签署', 'Not signed')}</td>
<td data-testid="signing-link">${
      !signature && settlement.status === 'awaiting_signatures'
        ? html`${sentAt ? html`<span data-testid="link-sent">${t('已发送', 'Sent')} ${beijing(sentAt, lang)}</span><br>` : ''}<form method="post" action="/inbox/settlements/${settlement.settlementId}/signing-links">${csrfField(view.csrf)}<input type="hidden" name="partyId" value="${party.partyId}">${button}</form>`
        : '–'
    }</td></tr>`;
  })}</tbody></table></div>
</section>`;
}

/** The court's answer: each application for the settlement's confirmation, with its court and decision. */
function confirmationsSection(view: CaseRoomView, t: Say) {
  const applications = view.room.confirmations ?? [];
  if (!view.room.settlement || view.room.settlement.status !== 'effective') return '';
  const lang = view.lang;
  return html`<section aria-labelledby="confirmation-heading" data-testid="confirmations">
<h2 id="confirmation-heading">${t('司法确认', 'Judicial confirmation')}</h2>
${
  applications.length === 0
    ? html`<p class="muted">${t('当事人尚未申请司法确认。', 'No party has applied for judicial confirmation yet.')}</p>`
    : applications.map(
        (
          application,
        ) => html`<article class="card" data-request-id="${application.requestId}" aria-labelledby="application-${application.requestId}">
<h3 id="application-${application.requestId}">${application.courtName ?? application.courtId}</h3>
<p>${t('状态', 'Status')}: <b data-testid="application-status">${applicationStatusText[application.status][lang]}</b></p>
${application.submittedAt ? html`<p>${t('提交法院', 'Submitted')}: ${beijing(application.submittedAt, lang)}</p>` : ''}
${application.acceptance && !application.acceptance.accepted ? html`<p>${t('不予受理的理由', 'Why it was not accepted')}: ${application.acceptance.reasons ?? '–'}</p>` : ''}
${courtDecision(application, lang, t)}
${application.withdrawnAt ? html`<p>${t('撤回时间', 'Withdrawn')}: ${beijing(application.withdrawnAt, lang)}</p>` : ''}
</article>`,
      )
}
</section>`;
}

function courtDecision(application: NonNullable<CaseRoom['confirmations']>[number], lang: Lang, t: Say) {
  const decision = application.decision;
  if (!decision) return '';
  if (decision.outcome === 'confirmed') {
    return html`<p data-testid="ruling">${t('确认裁定', 'Ruling')}: <b>${decision.rulingNumber}</b> · ${decision.rulingDate}${application.enforceable ? t('（具有强制执行力）', ' (enforceable)') : ''}</p>`;
  }
  return html`<p data-testid="rejection">${t('驳回理由', 'Reasons for rejection')}: ${decision.reasons.map((reason) => reasonText[reason][lang]).join(lang === 'zh' ? '；' : '; ')}</p>
${decision.text ? html`<p>${decision.text}</p>` : ''}`;
}

function fieldError(view: CaseRoomView, field: SettlementFormField) {
  const message = view.fieldErrors?.[field];
  return message ? html`<p class="field-error" id="error-${field}">${half(message, view.lang)}</p>` : '';
}

function invalid(view: CaseRoomView, field: SettlementFormField) {
  return view.fieldErrors?.[field] ? raw(` aria-invalid="true" aria-describedby="error-${field}"`) : '';
}

/**
 * One obligation's fields. The first block's ids are the plain names; the second's carry `2` and
 * its labels say "second", so every label on the page names one field.
 */
function obligationBlock(view: CaseRoomView, t: Say, suffix: ObligationSuffix) {
  const form = view.form ?? {};
  const id = (name: ObligationFieldName): SettlementFormField => `${name}${suffix}`;
  const value = (name: ObligationFieldName) => form[id(name)] ?? '';
  const second = suffix !== '';
  const label = (zh: string, en: string) => (second ? t(`第二项：${zh}`, `Second: ${en}`) : t(zh, en));
  const parties = view.room.parties;
  // No party is chosen for the mediator: the list's order says nothing about who owes whom.
  const partyOptions = (name: 'debtor' | 'creditor') => {
    const chosen = form[id(name)];
    return html`<option value=""${chosen ? '' : raw(' selected')}>${t('请选择', 'Choose')}</option>${parties.map(
      (party) =>
        html`<option value="${party.partyId}"${party.partyId === chosen ? raw(' selected') : ''}>${party.name} · ${view.lang === 'zh' ? roleLabels[party.role][0] : roleLabels[party.role][1]}</option>`,
    )}`;
  };
  const kind = form[id('kind')] ?? (second ? '' : 'payment');
  const option = (key: string, zh: string, en: string) =>
    html`<option value="${key}"${kind === key ? raw(' selected') : ''}>${t(zh, en)}</option>`;
  const input = (name: ObligationFieldName, attributes: string) =>
    html`<input id="${id(name)}" name="${id(name)}" ${raw(attributes)} value="${name === 'currency' ? (form[id(name)] ?? 'CNY') : value(name)}"${invalid(view, id(name))}>${fieldError(view, id(name))}`;
  return html`<fieldset data-testid="obligation${suffix}"><legend>${second ? t('第二项义务（可选）', 'A second obligation (optional)') : t('义务', 'Obligation')}</legend>
<div class="grid">
<div><label for="${id('kind')}">${label('义务类型', 'Obligation')}</label><select id="${id('kind')}" name="${id('kind')}">
${second ? option('', '无', 'None') : ''}${option('payment', '付款', 'Payment')}${option('act', '履行行为', 'An act')}</select></div>
<div><label for="${id('debtor')}">${label('义务人', 'Who owes')}</label><select id="${id('debtor')}" name="${id('debtor')}"${invalid(view, id('debtor'))}>${partyOptions('debtor')}</select>${fieldError(view, id('debtor'))}</div>
<div><label for="${id('creditor')}">${label('权利人', 'Who is owed')}</label><select id="${id('creditor')}" name="${id('creditor')}"${invalid(view, id('creditor'))}>${partyOptions('creditor')}</select>${fieldError(view, id('creditor'))}</div>
<div><label for="${id('amount')}">${label('金额（付款）', 'Amount (payment)')}</label>${input('amount', 'inputmode="decimal"')}</div>
<div><label for="${id('currency')}">${label('币种', 'Currency')}</label>${input('currency', 'maxlength="3"')}</div>
<div><label for="${id('dueDate')}">${label('到期日', 'Due date')}</label>${input('dueDate', 'type="date"')}</div>
</div>
<label for="${id('instalments')}">${label('分期（可选，每行一期：到期日 金额）', 'Instalments (optional, one a line: due date amount)')}</label><textarea id="${id('instalments')}" name="${id('instalments')}" rows="2" maxlength="2000" placeholder="2026-12-31 1500"${invalid(view, id('instalments'))}>${value('instalments')}</textarea>${fieldError(view, id('instalments'))}
<label for="${id('description')}">${label('履行内容（履行行为）', 'What is to be done (an act)')}</label><textarea id="${id('description')}" name="${id('description')}" rows="2" maxlength="1000"${invalid(view, id('description'))}>${value('description')}</textarea>${fieldError(view, id('description'))}
</fieldset>`;
}

function settlementForm(view: CaseRoomView, t: Say) {
  const form = view.form ?? {};
  const value = (field: SettlementFormField) => form[field] ?? '';
  const checked = (field: SettlementFormField) => (form[field] === 'yes' ? raw(' checked') : '');
  return html`<section aria-labelledby="terms-heading" data-testid="settlement-form">
<h2 id="terms-heading">${view.room.settlement ? t('修改调解协议（新版本，已有签署作废）', 'Change the terms (a new version; signatures so far become void)') : t('记录调解协议', 'Record the settlement')}</h2>
${view.fieldErrors?.form ? html`<p class="notice error" role="alert">${half(view.fieldErrors.form, view.lang)}</p>` : ''}
<form method="post" action="/inbox/disputes/${view.room.dispute.id}/settlement" novalidate>${csrfField(view.csrf)}
${obligationSuffixes.map((suffix) => obligationBlock(view, t, suffix))}
<label for="clauses">${t('其他条款（每行一条）', 'Other clauses (one a line)')}</label><textarea id="clauses" name="clauses" rows="3" maxlength="4000"${invalid(view, 'clauses')}>${value('clauses')}</textarea>${fieldError(view, 'clauses')}
<label for="subject">${t('标的', 'Subject matter')}</label><textarea id="subject" name="subject" rows="2" maxlength="1000"${invalid(view, 'subject')}>${value('subject')}</textarea>${fieldError(view, 'subject')}
<label class="check"><input type="checkbox" id="touchesPersonalStatus" name="touchesPersonalStatus" value="yes"${checked('touchesPersonalStatus')}>${t('涉及身份关系（身份、婚姻、收养）', 'Touches personal status (identity, marriage, adoption)')}</label>
<label class="check"><input type="checkbox" id="confirmsTitle" name="confirmsTitle" value="yes"${checked('confirmsTitle')}>${t('确认物权或知识产权权属', 'Confirms title to property or IP')}</label>
<label for="locationRegion">${t('标的所在地行政区划代码（如有）', 'Division code where the subject matter is (if any)')}</label><input id="locationRegion" name="locationRegion" inputmode="numeric" maxlength="6" value="${value('locationRegion')}"${invalid(view, 'locationRegion')}>${fieldError(view, 'locationRegion')}
<button type="submit" name="intent" value="preview" class="secondary">${t('预览协议书', 'Preview the document')}</button>
<button type="submit" name="intent" value="record" data-testid="record-settlement">${t('记录协议并通知各方签署', 'Record and ask the parties to sign')}</button>
</form>
${
  view.preview
    ? html`<section class="agreement" aria-labelledby="preview-heading" data-testid="preview">
<h3 id="preview-heading">${t('预览：各方将签署的协议书', 'Preview: the document the parties will sign')}</h3>
${view.preview.settlementIdFinal ? '' : html`<p class="muted">${t('协议编号在记录时生成，故记录后的哈希与预览不同。', 'The settlement’s id is given when it is recorded, so the recorded hash differs from this preview’s.')}</p>`}
<div lang="zh-CN">${raw(view.preview.html.replace('<h1>', '<h4>').replace('</h1>', '</h4>').replaceAll('<h2>', '<h5>').replaceAll('</h2>', '</h5>'))}</div>
</section>`
    : ''
}
</section>`;
}

function outcomeForm(view: CaseRoomView, t: Say) {
  const id = view.room.dispute.id;
  const state = view.outcome;
  const chosen = (field: OutcomeField, value: string) => (state?.values[field] === value ? raw(' selected') : '');
  const error = (field: OutcomeField, elementId: string) => {
    const message = state?.fieldErrors[field];
    return message ? html`<p class="field-error" id="${elementId}-error">${half(message, view.lang)}</p>` : '';
  };
  const invalidAt = (field: OutcomeField, elementId: string) =>
    state?.fieldErrors[field] ? raw(` aria-invalid="true" aria-describedby="${elementId}-error"`) : '';
  return html`<section aria-labelledby="close-heading">
<h2 id="close-heading">${t('调解不成或撤回', 'Mediation failed or withdrawn')}</h2>
<details${state ? raw(' open') : ''}><summary>${t('记录调解结果', 'Record the outcome')}</summary>
<form method="post" action="/inbox/disputes/${id}/outcome">${csrfField(view.csrf)}
<label for="outcome-kind">${t('结果', 'Outcome')}</label>${error('kind', 'outcome-kind')}
<select id="outcome-kind" name="kind"${invalidAt('kind', 'outcome-kind')}>${Object.entries(outcomeKindLabels).map(([kind, label]) => html`<option value="${kind}"${chosen('kind', kind)}>${half(label, view.lang)}</option>`)}</select>
<label for="outcome-reason">${t('原因', 'Reason')}</label>${error('reason', 'outcome-reason')}
<select id="outcome-reason" name="reason"${invalidAt('reason', 'outcome-reason')}>${failureReasons.map((reason) => html`<option value="${reason}"${chosen('reason', reason)}>${half(failureReasonLabels[reason], view.lang)}</option>`)}</select>
<label for="referral">${t('转诉讼摘要（诉前调解不成时必填）', 'Summary for referral to litigation (required when a pre-filing mediation fails)')}</label>${error('referralSummary', 'referral')}
<textarea id="referral" name="referralSummary" rows="3" maxlength="4000"${invalidAt('referralSummary', 'referral')}>${state?.values.referralSummary ?? ''}</textarea>
<button type="submit">${t('记录', 'Record')}</button>
</form></details>
</section>`;
}

function timelineSection(view: CaseRoomView, t: Say) {
  return html`<section aria-labelledby="timeline-heading" data-testid="timeline">
<h2 id="timeline-heading">${t('时间线', 'Timeline')}</h2>
<div class="scroll" role="region" aria-label="${t('事件列表', 'Events')}" tabindex="0"><table>
<thead><tr><th scope="col">#</th><th scope="col">${t('时间', 'When')}</th><th scope="col">${t('事件', 'Event')}</th><th scope="col">${t('由', 'By')}</th></tr></thead>
<tbody>${view.room.timeline.map(
    (entry) =>
      html`<tr><td>${entry.seq}</td><td>${beijing(entry.at, view.lang)}</td><td data-event-type="${entry.type}">${timelineLabel(entry.type)[view.lang]}</td><td>${roleText[entry.actorRole]?.[view.lang] ?? entry.actorRole}</td></tr>`,
  )}</tbody></table></div>
<p class="muted">${t('事件链长度', 'Chain length')} ${view.room.chain.length} · ${t('链头哈希', 'head hash')} <code>${view.room.chain.headHash}</code></p>
</section>`;
}

/**
 * When each party was last sent a link to sign the current terms: by the mediator, or by the
 * platform when the terms were recorded (the "settlement to sign" milestone). Links sent for an
 * earlier version do not count: recording new terms voids them.
 */
export function signingLinksSent(timeline: CaseRoom['timeline']): Map<string, string> {
  const sent = new Map<string, string>();
  for (const entry of timeline) {
    if (entry.type === 'settlement.recorded') sent.clear();
    const partyId = typeof entry.data.partyId === 'string' ? entry.data.partyId : undefined;
    if (!partyId) continue;
    const isLink =
      entry.type === 'settlement.signing_link_sent' ||
      (entry.type === 'milestone.announced' && entry.data.milestone === 'settlement_to_sign');
    if (isLink) sent.set(partyId, entry.at);
  }
  return sent;
}
