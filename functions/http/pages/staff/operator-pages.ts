import { html, raw } from 'hono/html';
import type { Dispute } from '../../../../shared/domain/mediation/dispute';
import type { Ranking } from '../../../../shared/domain/mediation/matching';
import type { Mediator } from '../../../../shared/domain/mediation/mediator';
import type { Court } from '../../../../shared/domain/roster/court';
import type { Organization } from '../../../../shared/domain/roster/organization';
import { alternativeMethods } from '../../../../shared/domain/service/recipient';
import type { ServiceCentreStats, ServicesWindow } from '../../../../shared/domain/service/service-stats';
import type { Addressee } from '../../../../shared/use-cases/service/unserved-addressees';
import type { UnservedEntry } from '../../../../shared/use-cases/service/unserved-queue';
import { formKeyField } from '../form-once';
import { categoryLabels, formatAmount } from '../inbox-labels';
import { beijing, csrfField, half, type Lang, type Say, sayer, staffFrame, staffPage } from './staff-layout';

export interface OperatorFrame {
  lang: Lang;
  path: string;
  csrf: string;
  notice?: string;
  problems?: string[];
}

export function operatorFrame(view: OperatorFrame, title: string) {
  return staffFrame('operator', view, title);
}

/** A table an operator can scroll sideways with the keyboard (a focusable, named region). */
export function scrollTable(label: string, testId: string, table: ReturnType<typeof html>) {
  return html`<div class="scroll" role="region" aria-label="${label}" tabindex="0" data-testid="${testId}">${table}</div>`;
}

const outcomeColumns = [
  ['acknowledged', '已签收', 'signed'],
  ['delivered', '已送达', 'delivered'],
  ['hard_bounce', '退信', 'hard bounce'],
  ['soft_bounce', '暂时失败', 'soft bounce'],
  ['no_receipt', '无回执', 'no receipt'],
  ['unknown', '未知', 'unknown'],
  ['pending', '进行中', 'pending'],
] as const;

const recipientStatusLabels: Record<string, [string, string]> = {
  planned: ['待送达', 'planned'],
  attempting: ['送达中', 'attempting'],
  served: ['已送达', 'served'],
  unserved: ['未送达', 'unserved'],
  served_alternatively: ['其他方式送达', 'served alternatively'],
};

const kindLabels: Record<string, [string, string]> = {
  notice: ['通知', 'notice'],
  summons: ['传票', 'summons'],
  ruling: ['裁定', 'ruling'],
  settlement: ['调解协议', 'settlement'],
};

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** Where the page's links lead: the window of services and the page of the queue it shows. */
export interface ServiceCentreLinks {
  /** The next older window of services, or the newest again. */
  olderServices?: string;
  newestServices?: string;
  /** The queue's next page, or its first again. */
  nextQueuePage?: string;
  firstQueuePage?: string;
}

/** Which services the figures cover, said in words: never a silent cut. */
function windowSentence(window: ServicesWindow, t: Say, lang: Lang) {
  if (window.services === 0) {
    return window.fromNewest ? t('尚无送达', 'No service yet') : t('没有更早的送达', 'No older services');
  }
  const span = html`${beijing(window.oldestRequestedAt ?? '', lang)} – ${beijing(window.newestRequestedAt ?? '', lang)}`;
  const which = window.fromNewest
    ? t(`最新的 ${window.services} 件送达`, `the newest ${window.services} services`)
    : t(`较早的 ${window.services} 件送达`, `${window.services} older services`);
  const rest = window.olderCursor
    ? t('；更早的送达未计入', '; older services are not counted here')
    : t('；即全部送达', '; that is every service');
  return html`${t('统计范围', 'Figures cover')} ${which}（${t('请求于', 'requested')} ${span}）${rest}`;
}

/** A queue row's form sent back refused: what was typed, and the problem at each field (or the form). */
export interface QueueRowState {
  recipientId: string;
  action: 'alternative' | 'retry';
  values: Record<string, string>;
  fieldErrors: Partial<Record<'method' | 'reference' | 'note' | 'form', string>>;
}

/** The service centre: figures, and the unserved queue with the names and postal addresses to post to. */
export function serviceCentrePage(
  view: OperatorFrame & {
    stats: ServiceCentreStats;
    queue: UnservedEntry[];
    addressees: Map<string, Addressee>;
    links: ServiceCentreLinks;
    row?: QueueRowState;
  },
) {
  const t = sayer(view.lang);
  const { stats, links } = view;
  const pair = (labels: [string, string] | undefined, fallback: string) =>
    labels ? (view.lang === 'zh' ? labels[0] : labels[1]) : fallback;
  const rate = stats.servedRate === null ? '–' : `${(stats.servedRate * 100).toFixed(1)}%`;
  return staffPage(
    operatorFrame(view, t('送达中心', 'Service centre')),
    html`<p class="muted">${beijing(stats.generatedAt, view.lang)} · ${stats.window.services} ${t('件送达', 'services')} · ${stats.recipients} ${t('名受送达人', 'recipients')}</p>
<p data-testid="services-window">${windowSentence(stats.window, t, view.lang)}${
      links.olderServices
        ? html` · <a href="${links.olderServices}" data-testid="older-services">${t('更早的送达', 'Older services')}</a>`
        : ''
    }${links.newestServices ? html` · <a href="${links.newestServices}">${t('最新的送达', 'Newest services')}</a>` : ''}</p>
<section aria-labelledby="figures-heading">
<h2 id="figures-heading">${t('概况', 'Figures')}</h2>
<div class="tiles">
<p class="tile" data-testid="served-rate"><b>${rate}</b>${t('电子送达成功率', 'served rate')}</p>
<p class="tile" data-testid="median"><b>${stats.timeToService ? duration(stats.timeToService.medianSeconds) : '–'}</b>${t('送达用时中位数', 'median time to service')}</p>
<p class="tile" data-testid="p90"><b>${stats.timeToService ? duration(stats.timeToService.p90Seconds) : '–'}</b>${t('送达用时 P90', 'p90 time to service')}</p>
<p class="tile" data-testid="actual-notice"><b>${
      stats.actualNotice ? `${(stats.actualNotice.rate * 100).toFixed(1)}%` : '–'
    }</b>${t('已送达且已阅', 'served and opened (actual notice)')}${
      stats.actualNotice
        ? html`<br><span class="muted">${stats.actualNotice.noticed} / ${stats.actualNotice.served} · ${t('提醒', 'reminded')} ${stats.actualNotice.reminded}</span>`
        : ''
    }</p>
<p class="tile" data-testid="unserved-count"><b>${stats.byStatus.unserved}</b>${t('未送达（统计范围内）', 'unserved (in these services)')}</p>
</div>
<p class="muted">${t(
      '成功率 = 电子送达成功 ÷ 已结束（成功、未送达、其他方式送达）；用时自送达请求起算至送达生效。',
      'Served rate = served electronically ÷ ended (served, unserved, served alternatively); time from the request to the time service took effect.',
    )}<br>${t(
      '已阅 = 依法送达后受送达人经任一链接打开或签收文书；送达至指定地址而未打开者，经另一地址提醒一次。',
      'Actual notice = of the legally served, those who opened or signed for the document through any link; a recipient served at a designated address who has not opened it is reminded once through another address.',
    )}</p>
</section>
<section aria-labelledby="status-heading">
<h2 id="status-heading">${t('状态', 'Status')}</h2>
${scrollTable(
  t('各状态人数', 'Recipients by status'),
  'statuses',
  html`<table><thead><tr>${Object.keys(stats.byStatus).map((status) => html`<th scope="col">${pair(recipientStatusLabels[status], status)}</th>`)}</tr></thead>
<tbody><tr>${Object.values(stats.byStatus).map((count) => html`<td>${count}</td>`)}</tr></tbody></table>`,
)}
</section>
<section aria-labelledby="channels-heading">
<h2 id="channels-heading">${t('各渠道尝试', 'Attempts per channel')}</h2>
${scrollTable(
  t('各渠道尝试及结果', 'Attempts per channel and their outcomes'),
  'channels',
  html`<table><thead><tr><th scope="col">${t('渠道', 'channel')}</th><th scope="col">${t('尝试', 'attempts')}</th>${outcomeColumns.map(
    ([, zh, en]) => html`<th scope="col">${view.lang === 'zh' ? zh : en}</th>`,
  )}</tr></thead>
<tbody>${(['sms', 'email'] as const).map(
    (channel) =>
      html`<tr data-channel="${channel}"><th scope="row">${channel === 'sms' ? t('短信', 'SMS') : t('邮件', 'email')}</th><td data-testid="${channel}-attempts">${stats.attemptsByChannel[channel].attempts}</td>${outcomeColumns.map(
        ([key]) => html`<td>${stats.attemptsByChannel[channel][key]}</td>`,
      )}</tr>`,
  )}</tbody></table>`,
)}
</section>
<section aria-labelledby="queue-heading">
<h2 id="queue-heading">${t('未送达队列', 'Unserved queue')}</h2>
<p class="muted">${t('所有等待其他方式送达的受送达人，不限于上述统计范围；等待最久者在前。', 'Every recipient waiting for alternative service, whatever the window above; the longest waiting first.')}</p>
${
  view.queue.length === 0
    ? html`<p class="muted" data-testid="queue-empty">${t('无', 'None')}</p>`
    : html`<p class="muted">${t('姓名与邮寄地址仅供邮寄或公告送达之用；每次查看均记入审计日志。', 'Names and postal addresses are shown for posting or public notice only; every view is written to the audit log.')}</p>
${scrollTable(
  t('未送达的受送达人', 'Unserved recipients'),
  'queue',
  html`<table class="queue"><thead><tr><th scope="col">${t('文书', 'Document')}</th><th scope="col">${t('受送达人与邮寄地址', 'Recipient and postal address')}</th><th scope="col">${t('未送达', 'Unserved since')}</th><th scope="col">${t('记录其他方式送达', 'Record alternative service')}</th></tr></thead>
<tbody>${view.queue.map((entry) => {
    const addressee = view.addressees.get(entry.recipientId);
    const id = entry.recipientId;
    return html`<tr data-recipient-id="${id}"><td>${entry.title}<br><span class="muted">${pair(kindLabels[entry.kind], entry.kind)} · ${entry.issuer}<br>${entry.serviceId}</span></td>
<td><b data-testid="recipient-name">${addressee?.name ?? entry.personId}</b><br>${
      addressee && addressee.postalAddresses.length > 0
        ? html`<span data-testid="postal-address">${addressee.postalAddresses.join('；')}</span>`
        : html`<span class="muted">${t('无邮寄地址记录', 'no postal address on record')}</span>`
    }<br><span class="muted">${entry.attempts} ${t('次尝试', 'attempts')}</span></td>
<td>${beijing(entry.unservedAt, view.lang)}<br><span class="muted">${entry.reason ?? ''}</span></td>
<td>${queueRowForms(view, entry, t)}</td></tr>`;
  })}</tbody></table>`,
)}`
}
${
  links.nextQueuePage || links.firstQueuePage
    ? html`<p>${links.firstQueuePage ? html`<a href="${links.firstQueuePage}">${t('队列首页', 'First page of the queue')}</a> ` : ''}${
        links.nextQueuePage
          ? html`<a href="${links.nextQueuePage}" data-testid="queue-next">${t('队列下一页', 'Next page of the queue')}</a>`
          : ''
      }</p>`
    : ''
}
</section>`,
  );
}

/**
 * A queue row's two ways forward: serve again electronically (the API's retry), or record service by
 * post or public notice. A refused form comes back with what was typed and the problem at its field.
 */
function queueRowForms(view: OperatorFrame & { row?: QueueRowState }, entry: UnservedEntry, t: Say) {
  const id = entry.recipientId;
  const row = view.row?.recipientId === id ? view.row : undefined;
  const alternative = row?.action === 'alternative' ? row : undefined;
  const retry = row?.action === 'retry' ? row : undefined;
  const errorId = (field: string) => `${field}-${id}-error`;
  const error = (field: 'method' | 'reference' | 'note' | 'form', state = alternative) => {
    const message = state?.fieldErrors[field];
    return message ? html`<p class="field-error" id="${errorId(field)}">${half(message, view.lang)}</p>` : '';
  };
  const invalid = (field: 'method' | 'reference' | 'note') =>
    alternative?.fieldErrors[field] ? raw(` aria-invalid="true" aria-describedby="${errorId(field)}"`) : '';
  const typed = (field: string) => alternative?.values[field] ?? '';
  const base = `/service-centre/services/${entry.serviceId}/recipients/${id}`;
  return html`<form method="post" action="${base}/retry" data-testid="retry-form">${csrfField(view.csrf)}
${retry ? html`<div id="retry-${id}-error">${error('form', retry)}</div>` : ''}<button type="submit" class="secondary"${retry ? raw(` aria-describedby="retry-${id}-error"`) : ''}>${t('重新电子送达', 'Serve again electronically')}</button>
</form>
<form method="post" action="${base}/alternative-service" data-testid="alternative-form">${csrfField(view.csrf)}
${error('form')}
<label for="method-${id}">${t('方式', 'Method')}</label>${error('method')}
<select id="method-${id}" name="method"${invalid('method')}><option value=""${typed('method') === '' ? raw(' selected') : ''}>${t('请选择', 'Choose')}</option>${alternativeMethods.map((method) => html`<option value="${method}"${typed('method') === method ? raw(' selected') : ''}>${method === 'post' ? t('邮寄送达', 'Post') : t('公告送达', 'Public notice')}</option>`)}</select>
<label for="reference-${id}">${t('邮件号或公告编号', 'Tracking or notice number')}</label>${error('reference')}
<input id="reference-${id}" name="reference" maxlength="200" value="${typed('reference')}"${invalid('reference')}>
<label for="note-${id}">${t('备注', 'Note')}</label>${error('note')}
<input id="note-${id}" name="note" maxlength="1000" value="${typed('note')}"${invalid('note')}>
<button type="submit">${t('记录', 'Record')}</button>
</form>`;
}

/** What a batch assignment did, as its result page's address carries it. */
export interface BatchSummary {
  assigned: number;
  unassigned: number;
  skipped: number;
  considered: number;
  method: 'optimal' | 'greedy';
  score: number;
}

export interface AwaitingDispute {
  dispute: Dispute;
  ranking: Ranking;
}

/** Disputes matching could not place, each with its ranked candidates; and batch assignment. */
export function assignmentsPage(
  view: OperatorFrame & {
    awaiting: AwaitingDispute[];
    triaged: { items: Dispute[]; more: boolean };
    offered: { items: Dispute[]; more: boolean };
    mediatorNames: Map<string, string>;
    formKey: string;
    batch?: BatchSummary;
  },
) {
  const t = sayer(view.lang);
  return staffPage(
    operatorFrame(view, t('待指派案件', 'Disputes awaiting assignment')),
    html`${view.batch ? batchResult(view.batch, t) : ''}
<section aria-labelledby="awaiting-heading" data-testid="awaiting">
<h2 id="awaiting-heading">${t('待人工指派', 'Awaiting assignment')} (${view.awaiting.length})</h2>
${
  view.awaiting.length === 0
    ? html`<p class="muted">${t('无', 'None')}</p>`
    : view.awaiting.map(({ dispute, ranking }) => {
        const id = dispute.id;
        return html`<article class="card" data-dispute-id="${id}" aria-labelledby="awaiting-${id}">
<h3 id="awaiting-${id}">${half(categoryLabels[dispute.category], view.lang)} · <code>${id}</code></h3>
<p>${t('标的额', 'Claim')}: ${formatAmount(dispute.claim)} · ${t('已邀请', 'Offered so far')}: ${dispute.offeredMediatorIds.length}</p>
${scrollTable(
  `${t('候选调解员', 'Candidates for')} ${id}`,
  `candidates-${id}`,
  html`<table><thead><tr><th scope="col">#</th><th scope="col">${t('调解员', 'Mediator')}</th><th scope="col">${t('得分', 'Score')}</th><th scope="col">${t('理由', 'Reasons')}</th></tr></thead>
<tbody>${ranking.candidates.map(
    (candidate) =>
      html`<tr data-mediator-id="${candidate.mediatorId}"><td>${candidate.rank}</td><td>${view.mediatorNames.get(candidate.mediatorId) ?? candidate.mediatorId}${candidate.picked ? t('（当事人选择）', ' (picked by a party)') : ''}</td><td>${candidate.score.toFixed(3)}</td>
<td>${candidate.factors.map((factor) => `${factor.factor} ${factor.contribution.toFixed(3)}`).join(' · ')}</td></tr>`,
  )}</tbody></table>`,
)}
${
  ranking.candidates.length === 0
    ? html`<p class="muted">${t('没有符合条件的调解员', 'No eligible mediator')}</p>`
    : html`<form method="post" action="/service-centre/disputes/${id}/assignment">${csrfField(view.csrf)}
<label for="mediator-${id}">${t('指派给', 'Offer to')}</label>
<select id="mediator-${id}" name="mediatorId">${ranking.candidates.map(
        (candidate) =>
          html`<option value="${candidate.mediatorId}">${candidate.rank}. ${view.mediatorNames.get(candidate.mediatorId) ?? candidate.mediatorId}</option>`,
      )}</select>
<button type="submit">${t('发出调解邀请', 'Offer the dispute')}</button>
</form>`
}
</article>`;
      })
}
</section>
<section aria-labelledby="batch-heading">
<h2 id="batch-heading">${t('批量指派', 'Batch assignment')}</h2>
<p>${t('将所有待分配案件（已分流或待人工指派）按最优总分一次性指派给有空余容量的调解员。', 'Assign every open dispute (triaged or awaiting assignment) at once, with the highest total score the mediators’ free capacity allows.')}</p>
<form method="post" action="/service-centre/assignments/batch">${csrfField(view.csrf)}<input type="hidden" name="${formKeyField}" value="${view.formKey}"><button type="submit" data-testid="batch-assign">${t('批量指派', 'Assign in a batch')}</button></form>
</section>
${openDisputes(view, 'offered', t('已发出邀请、等待调解员答复', 'Offered, waiting for the mediator’s answer'), view.offered, t)}
${openDisputes(view, 'triaged', t('已分流、等待自动匹配', 'Triaged, waiting for matching'), view.triaged, t)}`,
  );
}

function batchResult(batch: BatchSummary, t: Say) {
  return html`<section aria-labelledby="batch-result-heading" data-testid="batch-result">
<h2 id="batch-result-heading">${t('批量指派结果', 'Batch assignment result')}</h2>
<p>${t('方法', 'Method')}: ${batch.method === 'optimal' ? t('最优（最小费用流）', 'optimal (min-cost flow)') : t('贪心', 'greedy')} ·
${t('考虑案件', 'disputes considered')} ${batch.considered} ·
${t('已指派', 'assigned')} <b data-testid="batch-assigned">${batch.assigned}</b> · ${t('总分', 'total score')} ${batch.score.toFixed(3)} ·
${t('未能指派', 'not assigned')} ${batch.unassigned} · ${t('跳过', 'skipped')} ${batch.skipped}</p>
<p class="muted">${t('已发出的邀请列在下方“已发出邀请”中；未能指派的案件仍在待人工指派中。', 'The offers made are listed below under “Offered”; disputes not assigned are still awaiting assignment.')}</p>
</section>`;
}

/** Disputes in one open status (offered or triaged): the API's list by status, as a table. */
function openDisputes(
  view: OperatorFrame & { mediatorNames: Map<string, string> },
  status: 'offered' | 'triaged',
  heading: string,
  list: { items: Dispute[]; more: boolean },
  t: Say,
) {
  const headingId = `${status}-heading`;
  return html`<section aria-labelledby="${headingId}" data-testid="${status}">
<h2 id="${headingId}">${heading} (${list.items.length}${list.more ? '+' : ''})</h2>
${
  list.items.length === 0
    ? html`<p class="muted">${t('无', 'None')}</p>`
    : scrollTable(
        heading,
        `${status}-table`,
        html`<table><thead><tr><th scope="col">${t('案件', 'Dispute')}</th><th scope="col">${t('类型', 'Category')}</th><th scope="col">${t('标的额', 'Claim')}</th><th scope="col">${t('提交', 'Filed')}</th>${status === 'offered' ? html`<th scope="col">${t('邀请的调解员', 'Offered to')}</th>` : ''}</tr></thead>
<tbody>${list.items.map((dispute) => {
          const offeredTo = dispute.offeredMediatorIds.at(-1);
          return html`<tr data-dispute-id="${dispute.id}"><td><code>${dispute.id}</code></td><td>${half(categoryLabels[dispute.category], view.lang)}</td><td>${formatAmount(dispute.claim)}</td><td>${beijing(dispute.createdAt, view.lang)}</td>${
            status === 'offered'
              ? html`<td data-testid="offered-to">${offeredTo ? (view.mediatorNames.get(offeredTo) ?? offeredTo) : '–'}${dispute.offeredMediatorIds.length > 1 ? html`<br><span class="muted">${t('第', 'offer no. ')}${dispute.offeredMediatorIds.length}${t(' 次邀请', '')}</span>` : ''}</td>`
              : ''
          }</tr>`;
        })}</tbody></table>`,
      )
}
${list.more ? html`<p class="muted">${t(`仅显示前 ${list.items.length} 件。`, `Only the first ${list.items.length} are shown.`)}</p>` : ''}
</section>`;
}

/** The roster: courts, organizations and mediators (the API changes them: POST/PATCH /v1/…). */
export function rosterPage(
  view: OperatorFrame & { courts: Court[]; organizations: Organization[]; mediators: Mediator[]; more: boolean },
) {
  const t = sayer(view.lang);
  return staffPage(
    operatorFrame(view, t('名册', 'Roster')),
    html`${view.more ? html`<p class="muted">${t('每类仅显示前 200 项。', 'Only the first 200 of each are shown.')}</p>` : ''}
<ul data-testid="roster-actions">
<li><a href="/service-centre/roster/courts/new">${t('登记法院', 'Register a court')}</a></li>
<li><a href="/service-centre/roster/organizations/new">${t('登记调解组织', 'Register a mediation organization')}</a></li>
<li><a href="/service-centre/roster/mediators/new">${t('登记调解员', 'Register a mediator')}</a></li>
</ul>
<section aria-labelledby="courts-heading">
<h2 id="courts-heading">${t('法院', 'Courts')} (${view.courts.length})</h2>
${scrollTable(
  t('法院', 'Courts'),
  'courts',
  html`<table><thead><tr><th scope="col">${t('名称', 'Name')}</th><th scope="col">${t('级别', 'Level')}</th><th scope="col">${t('所在地', 'Seat')}</th><th scope="col">${t('管辖', 'Jurisdiction')}</th></tr></thead>
<tbody>${view.courts.map((court) => html`<tr><td><a href="/service-centre/roster/courts/${court.id}">${court.name}</a><br><code>${court.id}</code></td><td>${court.level}</td><td>${court.regionCode}</td><td>${court.jurisdiction.regions.join(', ')}</td></tr>`)}</tbody></table>`,
)}
</section>
<section aria-labelledby="organizations-heading">
<h2 id="organizations-heading">${t('调解组织', 'Mediation organizations')} (${view.organizations.length})</h2>
${scrollTable(
  t('调解组织', 'Mediation organizations'),
  'organizations',
  html`<table><thead><tr><th scope="col">${t('名称', 'Name')}</th><th scope="col">${t('类型', 'Kind')}</th><th scope="col">${t('所在地', 'Seat')}</th></tr></thead>
<tbody>${view.organizations.map((organization) => html`<tr><td>${organization.name}<br><code>${organization.id}</code></td><td>${organization.kind}</td><td>${organization.regionCode}</td></tr>`)}</tbody></table>`,
)}
</section>
<section aria-labelledby="mediators-heading">
<h2 id="mediators-heading">${t('调解员', 'Mediators')} (${view.mediators.length})</h2>
${scrollTable(
  t('调解员', 'Mediators'),
  'mediators',
  html`<table><thead><tr><th scope="col">${t('姓名', 'Name')}</th><th scope="col">${t('组织', 'Organization')}</th><th scope="col">${t('在办/容量', 'Load')}</th><th scope="col">${t('线上', 'Online')}</th><th scope="col">${t('专长', 'Specialties')}</th></tr></thead>
<tbody>${view.mediators.map(
    (mediator) =>
      html`<tr data-mediator-id="${mediator.id}"><td><a href="/service-centre/roster/mediators/${mediator.id}">${mediator.name}</a><br><code>${mediator.id}</code></td><td><code>${mediator.organizationId}</code></td><td>${mediator.activeCases} / ${mediator.capacity}</td><td>${mediator.online ? t('是', 'yes') : t('否', 'no')}</td><td>${mediator.specialties.map((category) => half(categoryLabels[category], view.lang)).join(', ')}</td></tr>`,
  )}</tbody></table>`,
)}
</section>
`,
  );
}
