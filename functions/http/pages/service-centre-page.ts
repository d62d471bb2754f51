import { html } from 'hono/html';
import type { ServiceCentreStats } from '../../../shared/use-cases/service/service-centre-stats';
import { alternativeMethods } from '../../../shared/use-cases/service/service-records';
import { pageLayout } from './page-layout';
import { kindLabels, shanghaiTime } from './portal-page';

const style = html`<style>
body{max-width:60rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin:1rem 0}
.tile{border:1px solid #d5dbe3;border-radius:8px;padding:.6rem}.tile b{display:block;font-size:1.4rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e5e9ef;padding:.35rem .4rem;text-align:left;vertical-align:top}
.queue form{display:grid;gap:.3rem;min-width:12rem}.queue button{margin-top:.2rem}
.bar{display:flex;justify-content:space-between;align-items:center;gap:1rem}.bar form button{width:auto;margin:0}
</style>`;

const outcomeColumns = [
  ['acknowledged', '已签收 / signed'],
  ['delivered', '已送达 / delivered'],
  ['hard_bounce', '退信 / hard bounce'],
  ['soft_bounce', '暂时失败 / soft bounce'],
  ['no_receipt', '无回执 / no receipt'],
  ['unknown', '未知 / unknown'],
  ['pending', '进行中 / pending'],
] as const;

const statusLabels: Record<string, string> = {
  planned: '待送达 / planned',
  attempting: '送达中 / attempting',
  served: '已送达 / served',
  unserved: '未送达 / unserved',
  served_alternatively: '其他方式送达 / served alternatively',
};

const methodLabels: Record<string, string> = { post: '邮寄送达 / post', public_notice: '公告送达 / public notice' };

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function serviceCentrePage(input: {
  stats: ServiceCentreStats;
  subjectId: string;
  csrf: string;
  notice?: string;
  problems?: string[];
}) {
  const { stats } = input;
  const rate = stats.servedRate === null ? '–' : `${(stats.servedRate * 100).toFixed(1)}%`;
  return pageLayout(
    '送达中心 / Service centre',
    html`${style}<div class="bar"><h1>送达中心 / Service centre</h1>
<form method="post" action="/service-centre/sign-out"><input type="hidden" name="csrf" value="${input.csrf}"><button type="submit">退出 / Sign out</button></form></div>
<p class="muted">${input.subjectId} · ${shanghaiTime(stats.generatedAt)} · ${stats.services} 件送达 / services, ${stats.recipients} 名受送达人 / recipients${
      stats.truncated ? ' · 仅统计最早的部分 / only the oldest part is counted' : ''
    }</p>
${input.notice ? html`<p class="ok" role="status">${input.notice}</p>` : ''}
${
  input.problems && input.problems.length > 0
    ? html`<div class="error" role="alert">${input.problems.map((problem) => html`<div>${problem}</div>`)}</div>`
    : ''
}
<div class="tiles">
<div class="tile" data-testid="served-rate"><b>${rate}</b>电子送达成功率 / served rate</div>
<div class="tile" data-testid="median"><b>${stats.timeToService ? duration(stats.timeToService.medianSeconds) : '–'}</b>送达用时中位数 / median time to service</div>
<div class="tile" data-testid="p90"><b>${stats.timeToService ? duration(stats.timeToService.p90Seconds) : '–'}</b>送达用时 P90 / p90 time to service</div>
<div class="tile" data-testid="actual-notice"><b>${
      stats.actualNotice ? `${(stats.actualNotice.rate * 100).toFixed(1)}%` : '–'
    }</b>已送达且已阅 / served and opened (actual notice)${
      stats.actualNotice
        ? html`<br><span class="muted">${stats.actualNotice.noticed} / ${stats.actualNotice.served} · 提醒 / reminded ${stats.actualNotice.reminded}</span>`
        : ''
    }</div>
<div class="tile" data-testid="unserved-count"><b>${stats.byStatus.unserved}</b>待其他方式送达 / waiting for alternative service</div>
</div>
<p class="muted">成功率 = 电子送达成功 ÷ 已结束（成功、未送达、其他方式送达）；用时自送达请求起算至送达生效。<br>
Served rate = served electronically ÷ ended (served, unserved, served alternatively); time from the request to the time service took effect.<br>
已阅 = 依法送达后受送达人经任一链接打开或签收文书；送达至指定地址而未打开者，经另一地址提醒一次。<br>
Actual notice = of the legally served, those who opened or signed for the document through any link; a recipient served at a designated address who has not opened it is reminded once through another address.</p>
<h2>状态 / Status</h2>
<div class="scroll"><table data-testid="statuses"><tr>${Object.keys(stats.byStatus).map((status) => html`<th>${statusLabels[status] ?? status}</th>`)}</tr>
<tr>${Object.values(stats.byStatus).map((count) => html`<td>${count}</td>`)}</tr></table></div>
<h2>各渠道尝试 / Attempts per channel</h2>
<div class="scroll"><table data-testid="channels"><tr><th>渠道 / channel</th><th>尝试 / attempts</th>${outcomeColumns.map(([, label]) => html`<th>${label}</th>`)}</tr>
${(['sms', 'email'] as const).map(
  (channel) =>
    html`<tr data-channel="${channel}"><td>${channel === 'sms' ? '短信 / SMS' : '邮件 / email'}</td><td data-testid="${channel}-attempts">${stats.attemptsByChannel[channel].attempts}</td>${outcomeColumns.map(
      ([key]) => html`<td>${stats.attemptsByChannel[channel][key]}</td>`,
    )}</tr>`,
)}</table></div>
<h2>未送达队列 / Unserved queue</h2>
${
  stats.unserved.length === 0
    ? html`<p class="muted" data-testid="queue-empty">无 / none</p>`
    : html`<div class="scroll"><table class="queue" data-testid="queue"><tr><th>文书 / document</th><th>受送达人 / recipient</th><th>未送达 / unserved since</th><th>记录其他方式送达 / record alternative service</th></tr>
${stats.unserved.map(
  (
    entry,
  ) => html`<tr data-recipient-id="${entry.recipientId}"><td>${entry.title}<br><span class="muted">${kindLabels[entry.kind] ?? entry.kind} · ${entry.issuer}<br>${entry.serviceId}</span></td>
<td>${entry.personId}<br><span class="muted">${entry.attempts} 次尝试 / attempts</span></td>
<td>${shanghaiTime(entry.unservedAt ?? entry.requestedAt)}<br><span class="muted">${entry.reason ?? ''}</span></td>
<td><form method="post" action="/service-centre/services/${entry.serviceId}/recipients/${entry.recipientId}/alternative-service">
<input type="hidden" name="csrf" value="${input.csrf}">
<select name="method" aria-label="方式 / method">${alternativeMethods.map((method) => html`<option value="${method}">${methodLabels[method]}</option>`)}</select>
<input name="reference" placeholder="邮件号或公告编号 / tracking or notice no." aria-label="reference" maxlength="200">
<input name="note" placeholder="备注 / note" aria-label="note" maxlength="1000">
<button type="submit">记录 / Record</button>
</form></td></tr>`,
)}</table></div>
<p class="muted">接口 / API: POST /v1/services/{id}/alternative-service</p>`
}`,
  );
}

export function serviceCentreSignInPage(input: {
  csrf: string;
  problems?: string[];
  localSignIn: boolean;
  /** Managed login (password and TOTP), when the platform offers staff sign-in. */
  managedSignIn?: string | undefined;
}) {
  return pageLayout(
    '送达中心登录 / Service centre sign-in',
    html`<h1>送达中心 / Service centre</h1>
<p>仅限平台运营人员 / For platform operators only.</p>
${
  input.managedSignIn
    ? html`<p><a class="button" href="${input.managedSignIn}" data-testid="managed-sign-in">工作人员登录（密码与动态验证码）/ Staff sign-in (password and authenticator code)</a></p>`
    : ''
}
${
  input.problems && input.problems.length > 0
    ? html`<div class="error" role="alert">${input.problems.map((problem) => html`<div>${problem}</div>`)}</div>`
    : ''
}
${
  input.localSignIn
    ? html`<form method="post" action="/service-centre/sign-in">
<input type="hidden" name="csrf" value="${input.csrf}">
<label for="operatorId">运营人员编号（本地运行）/ Operator id (local runtime)</label>
<input id="operatorId" name="operatorId" autocomplete="username">
<button type="submit" data-testid="local-sign-in">登录 / Sign in</button>
</form>`
    : ''
}
<form method="post" action="/service-centre/sign-in">
<input type="hidden" name="csrf" value="${input.csrf}">
<label for="token">访问令牌 / Access token</label>
<input id="token" name="token" autocomplete="off">
<button type="submit">使用令牌登录 / Sign in with a token</button>
</form>`,
  );
}

export function serviceCentreMessagePage(title: string, message: string) {
  return pageLayout(
    title,
    html`<h1>${title}</h1><p class="error" role="alert">${message}</p><p><a href="/service-centre">送达中心 / Service centre</a></p>`,
  );
}
