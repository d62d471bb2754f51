import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { pageLayout } from './page-layout';

/** What the proof form shows before anyone proved anything: who serves which document, nothing personal. */
export interface LinkDescription {
  issuer: string;
  title: string;
  kind: string;
  reference: string;
  needsIdDigits: boolean;
}

/** What the document page shows after the proof. */
export interface DocumentFacts {
  issuer: string;
  title: string;
  kind: string;
  mediaType: string;
  sha256: string;
  size: number;
  reference: string;
  acknowledgedAt?: string;
}

export const kindLabels: Record<string, string> = {
  notice: '通知书 / Notice',
  summons: '传票 / Summons',
  ruling: '裁判文书 / Ruling',
  settlement: '调解协议 / Settlement agreement',
};

export function shanghaiTime(iso: string): string {
  const text = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
  return `${text} (UTC+8)`;
}

const extraStyle = html`<style>
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem .8rem;margin:1rem 0}
.facts dt{font-weight:600}.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
.hash{font-family:ui-monospace,monospace;font-size:.85rem;overflow-wrap:anywhere}
a.button{display:block;text-align:center;padding:.55rem;border:1px solid #1d4ed8;border-radius:6px;color:#1d4ed8;text-decoration:none;margin-top:1rem}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
</style>`;

function page(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return pageLayout(title, html`${extraStyle}${body}`);
}

function problemsBlock(problems: string[]) {
  return problems.length > 0
    ? html`<div class="error" role="alert" data-testid="problems">${problems.map((problem) => html`<div>${problem}</div>`)}</div>`
    : '';
}

/** GET /r/{token}: the proof form. */
export function portalProofPage(token: string, view: LinkDescription, csrf: string, problems: string[] = []) {
  return page(
    '电子送达 / Electronic service',
    html`<h1>电子送达 / Electronic service</h1>
<p><b>${view.issuer}</b> 向您送达一份${kindLabels[view.kind] ?? view.kind}。<br>
<b>${view.issuer}</b> is serving a document on you.</p>
<dl class="facts">
<dt>文书 / Document</dt><dd data-testid="title">${view.title}</dd>
<dt>编号 / Reference</dt><dd>${view.reference}</dd>
</dl>
<p class="muted">请先核实身份再查看文书。可在 <a href="/verify?ref=${view.reference}">/verify</a> 核验本条消息是否真实。<br>
Prove who you are to read the document. You can check that the message is genuine at <a href="/verify?ref=${view.reference}">/verify</a>.</p>
${problemsBlock(problems)}
<form method="post" data-testid="proof-form">
<input type="hidden" name="csrf" value="${csrf}">
<label for="code">短信或邮件中的验证码 / Code from the message</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
${
  view.needsIdDigits
    ? html`<label for="idLastDigits">身份证件号码后 4 位 / Last 4 characters of your ID number</label>
<input id="idLastDigits" name="idLastDigits" maxlength="4" autocomplete="off" required>`
    : ''
}
<button type="submit">查看文书 / Open the document</button>
</form>
<form method="post" action="/r/${token}/code" data-testid="fresh-code-form">
<input type="hidden" name="csrf" value="${csrf}">
<button type="submit">发送新验证码 / Send me a new code</button>
</form>
<p class="muted">新验证码只发送到送达消息所用的手机号码或邮箱，此前的验证码随即失效。同一验证码错误 20 次后失效，需获取新验证码。<br>
A new code is sent only to the phone or email the service message went to; earlier codes stop working. After 20 wrong tries a code stops working until you ask for a new one.</p>`,
  );
}

/** GET /r/{token} after the proof: the document, its hash, the download and "sign for receipt". */
export function portalDocumentPage(token: string, facts: DocumentFacts, csrf: string, problems: string[] = []) {
  return page(
    `${facts.title} · 电子送达 / Electronic service`,
    html`<h1>${kindLabels[facts.kind] ?? facts.kind}</h1>
${
  facts.acknowledgedAt
    ? html`<p class="ok" data-testid="signed">已签收 / Signed for: ${shanghaiTime(facts.acknowledgedAt)}</p>`
    : ''
}
${problemsBlock(problems)}
<dl class="facts">
<dt>送达机关 / From</dt><dd>${facts.issuer}</dd>
<dt>文书 / Document</dt><dd data-testid="title">${facts.title}</dd>
<dt>编号 / Reference</dt><dd>${facts.reference}</dd>
<dt>大小 / Size</dt><dd>${Math.max(1, Math.round(facts.size / 1024))} KB</dd>
<dt>SHA-256</dt><dd class="hash" data-testid="sha256">${facts.sha256}</dd>
</dl>
<p class="muted">SHA-256 是文书的数字指纹：下载后可自行核对，与送达证明中的一致即为原件。<br>
The SHA-256 is the document's fingerprint: the downloaded file has the same one as the proof of service.</p>
<a class="button" href="/r/${token}/document" data-testid="download">下载文书 / Download the document</a>
${
  facts.acknowledgedAt
    ? ''
    : html`<form method="post" action="/r/${token}/acknowledge" data-testid="acknowledge-form">
<input type="hidden" name="csrf" value="${csrf}">
<label class="check"><input type="checkbox" name="confirm" value="yes" required> 本人确认已收到并可以阅读上述文书。签收即视为同意以电子方式接收送达。<br>I confirm I received this document and can read it. Signing counts as consent to electronic service.</label>
<button type="submit">签收 / Sign for receipt</button>
</form>`
}`,
  );
}

export function portalMessagePage(title: string, message: string, action?: { href: string; label: string }) {
  return page(
    title,
    html`<h1>${title}</h1><p class="error" role="alert" data-testid="problems">${message}</p>${
      action ? html`<a class="button" href="${action.href}">${action.label}</a>` : ''
    }`,
  );
}
