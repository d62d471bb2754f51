import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/*
 * The staff pages' frame: one language at a time (the visitor's choice, else the browser's), a
 * switch to the other, landmarks (banner, navigation, main, contentinfo) and one small stylesheet.
 */

export type Lang = 'zh' | 'en';
type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

const langCookie = 'platform-lang';

/** The chosen language (the switch's cookie), else the first of Chinese or English the browser asks for, else Chinese. */
export function staffLang(c: Context): Lang {
  const chosen = getCookie(c, langCookie);
  if (chosen === 'zh' || chosen === 'en') return chosen;
  const header = (c.req.header('accept-language') ?? '').toLowerCase();
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, weight: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh';
}

/** The words of one language: `t('中文', 'English')`. */
export type Say = (zh: string, en: string) => string;
export function sayer(lang: Lang): Say {
  return (zh, en) => (lang === 'zh' ? zh : en);
}

/** One half of the older labels written "中文 / English". */
export function half(label: string, lang: Lang): string {
  const [zh, en] = label.split(' / ');
  return (lang === 'zh' ? zh : en) ?? label;
}

export interface StaffFrame {
  lang: Lang;
  title: string;
  /** The page's own path with its query: the language switch comes back to it. */
  path: string;
  area: 'inbox' | 'operator';
  csrf?: string;
  signOutAction?: string;
  notice?: string;
  problems?: string[];
}

const style = `
*{box-sizing:border-box}body{font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1c2430;background:#fff}
.bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;border-bottom:1px solid #d5dae1;background:#f6f8fa}
.bar nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;margin:0;padding:0}.bar form{margin:0}
.brand{font-weight:700}main,footer{max-width:64rem;margin:0 auto;padding:1rem}footer{color:#4b5563;font-size:.85rem}
h1{font-size:1.35rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;border-bottom:1px solid #d5dae1;padding-bottom:.3rem;margin-top:1.6rem}h3{font-size:1rem;margin:0 0 .3rem}
a{color:#1d4ed8}label{display:block;margin:.7rem 0 .2rem;font-weight:600}
input,select,textarea,button{font:inherit;max-width:100%;padding:.5rem;border:1px solid #6b7280;border-radius:6px}
input:not([type=checkbox]),select,textarea{width:100%}input[type=checkbox]{width:1.2rem;height:1.2rem;vertical-align:middle}
button{background:#1d4ed8;color:#fff;border-color:#1d4ed8;margin-top:.8rem;cursor:pointer}button.secondary{background:#fff;color:#1d4ed8}button.danger{background:#b91c1c;border-color:#b91c1c}
.card{border:1px solid #d5dae1;border-radius:8px;padding:.8rem;margin:.8rem 0;overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.2rem 1rem}
.error{background:#fef2f2;color:#991b1b;padding:.6rem;border-radius:6px}.ok{background:#ecfdf5;color:#065f46;padding:.6rem;border-radius:6px}
.muted{color:#4b5563;font-size:.9rem}code{word-break:break-all}.countdown{font-weight:600;color:#9a3412}
.scroll{overflow-x:auto;max-width:100%}.scroll:focus{outline:3px solid #1d4ed8;outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border-bottom:1px solid #e5e9ef;padding:.35rem .45rem;text-align:left;vertical-align:top}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin:1rem 0}.tile{border:1px solid #d5dae1;border-radius:8px;padding:.6rem}.tile b{display:block;font-size:1.4rem}
details{margin-top:.6rem}summary{cursor:pointer;color:#1d4ed8}.document{border:1px solid #6b7280;border-radius:8px;padding:.8rem;margin:.8rem 0}
fieldset{border:1px solid #d5dae1;border-radius:8px;margin:.8rem 0}.inline label{display:inline;font-weight:400;margin-left:.3rem}
`;

function navigation(frame: StaffFrame, t: Say) {
  const links =
    frame.area === 'inbox'
      ? [['/inbox', t('调解员工作台', 'Mediator inbox')]]
      : [
          ['/service-centre', t('送达中心', 'Service centre')],
          ['/service-centre/assignments', t('待指派', 'Assignment')],
          ['/service-centre/roster', t('名册', 'Roster')],
        ];
  return html`<nav aria-label="${t('工作区', 'Work areas')}"><ul>${links.map(
    ([href, label]) => html`<li><a href="${href}">${label}</a></li>`,
  )}</ul></nav>`;
}

/** A staff page: banner with navigation, language switch and sign-out; the body in `main`. */
export function staffPage(frame: StaffFrame, body: Markup) {
  const t = sayer(frame.lang);
  const other: Lang = frame.lang === 'zh' ? 'en' : 'zh';
  const switchHref = `/lang/${other}?return=${encodeURIComponent(frame.path)}`;
  return html`<!doctype html>
<html lang="${frame.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · ${t('一站式纠纷化解平台', 'Dispute resolution platform')}</title>
<style>${style}</style>
</head>
<body>
<header class="bar">
<span class="brand">${t('一站式纠纷化解平台', 'Dispute resolution platform')}</span>
${navigation(frame, t)}
<a href="${switchHref}" lang="${other === 'zh' ? 'zh-CN' : 'en'}" data-testid="lang-switch">${other === 'zh' ? '中文' : 'English'}</a>
${
  frame.csrf && frame.signOutAction
    ? html`<form method="post" action="${frame.signOutAction}"><input type="hidden" name="csrf" value="${frame.csrf}"><button class="secondary" type="submit">${t('退出', 'Sign out')}</button></form>`
    : ''
}
</header>
<main>
<h1>${frame.title}</h1>
${frame.notice ? html`<p class="ok" role="status">${frame.notice}</p>` : ''}
${
  frame.problems && frame.problems.length > 0
    ? html`<div class="error" role="alert">${frame.problems.map((problem) => html`<p>${problem}</p>`)}</div>`
    : ''
}
${body}
</main>
<footer><p>${t('时间均为北京时间（UTC+8）。', 'Times are Beijing time (UTC+8).')}</p></footer>
</body>
</html>`;
}

export function csrfField(csrf: string) {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

/** An instant in Beijing time, to the minute. */
export function beijing(iso: string, lang: Lang): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const local = at.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16);
  return lang === 'zh' ? `${local}（北京时间）` : `${local} Beijing time`;
}
