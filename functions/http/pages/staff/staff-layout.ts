import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { siteCssPath } from '../kit/assets';
import { htmlLang, type Lang, pageLang, switchHref } from '../kit/language';
import { say } from '../kit/messages';

export type { Lang };

/*
 * The staff pages' frame, on the page kit (functions/http/pages/kit): the kit's language (one at a
 * time, the switch's cookie, else the browser's), its language switch, skip link, landmarks
 * (banner, navigation, main, contentinfo), catalogue words and stylesheet from /assets, with the
 * staff's own navigation. The kit's Layout is JSX with the party's navigation; this is the same
 * markup in hono/html with the staff's. A few staff-only classes (cards, tiles, countdown) are
 * styled inline until the kit's stylesheet carries them.
 */

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The page's language, as every page decides it (the kit: the switch's cookie, else Accept-Language). */
export function staffLang(c: Context): Lang {
  return pageLang(c);
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

/** What a staff page's frame takes from the page's view. */
export interface StaffView {
  lang: Lang;
  path: string;
  csrf: string;
  notice?: string;
  problems?: string[];
}

/** Where each area's sign-out form posts. */
const signOutActions = { inbox: '/inbox/sign-out', operator: '/service-centre/sign-out' } as const;

/** The frame of a page of an area, with the view's notice and problems when it has any. */
export function staffFrame(area: StaffFrame['area'], view: StaffView, title: string): StaffFrame {
  return {
    lang: view.lang,
    title,
    path: view.path,
    area,
    csrf: view.csrf,
    signOutAction: signOutActions[area],
    ...(view.notice ? { notice: view.notice } : {}),
    ...(view.problems ? { problems: view.problems } : {}),
  };
}

/** Staff-only classes the kit's stylesheet does not have (yet). No `>` nor `&`: the template escapes them, which breaks a rule. */
const staffStyle = `.card{border:1px solid #d1d5db;border-radius:8px;padding:.8rem 1rem;margin:.8rem 0}.card h3{margin:0 0 .3rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:0 1rem}.grid p{margin:.3rem 0}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin:1rem 0}.tile{border:1px solid #d1d5db;border-radius:8px;padding:.6rem;margin:0}.tile b{display:block;font-size:1.4rem}
.countdown{font-weight:600;color:#9a3412}header form{margin:0}header form button{margin:0;padding:.3rem .8rem}
.agreement{border:1px solid #d1d5db;border-radius:8px;padding:.8rem 1rem;margin:.8rem 0;background:#fcfcfd}
.scroll table{min-width:34rem}input[type=checkbox]{width:1.5rem;height:1.5rem}
label.check{min-height:2.75rem;align-items:center;margin:.3rem 0}label.check input{margin:0}
td a,main li a,main p a:not(.back),main h3 a{display:inline-flex;align-items:center;min-height:2.75rem;min-width:2.75rem}main{max-width:64rem}header .bar{max-width:64rem}
header nav a,header .brand,header form button,a.back{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;min-width:2.75rem;padding:0 .4rem}`;

function navigation(frame: StaffFrame, t: Say) {
  const links =
    frame.area === 'inbox'
      ? [['/inbox', t('调解员工作台', 'Mediator inbox')]]
      : [
          ['/service-centre', t('送达中心', 'Service centre')],
          ['/service-centre/assignments', t('待指派', 'Assignment')],
          ['/service-centre/roster', t('名册', 'Roster')],
          ['/service-centre/failed-executions', t('失败的工作流', 'Failed workflows')],
        ];
  return html`<nav aria-label="${t('工作区', 'Work areas')}"><ul>${links.map(
    ([href, label]) => html`<li><a href="${href}">${label}</a></li>`,
  )}</ul></nav>`;
}

/** A staff page: skip link, banner with navigation, language switch and sign-out; the body in `main`. */
export function staffPage(frame: StaffFrame, body: Markup) {
  const t = sayer(frame.lang);
  const lang = frame.lang;
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const errors = frame.problems && frame.problems.length > 0;
  return html`<!doctype html>
<html lang="${htmlLang[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${errors ? t('错误：', 'Error: ') : ''}${frame.title} · ${say(lang, 'platformName')}</title>
<link rel="stylesheet" href="${siteCssPath}">
<style>${staffStyle}</style>
</head>
<body>
<a class="skip" href="#main">${say(lang, 'skipToContent')}</a>
<header><div class="bar">
<a class="brand" href="${frame.area === 'inbox' ? '/inbox' : '/service-centre'}">${say(lang, 'platformName')}</a>
${navigation(frame, t)}
<nav aria-label="${say(lang, 'languageNav')}"><a href="${switchHref(other, frame.path)}" lang="${htmlLang[other]}" hreflang="${htmlLang[other]}" data-testid="lang-switch">${say(lang, 'switchTo')}</a></nav>
${
  frame.csrf && frame.signOutAction
    ? html`<form method="post" action="${frame.signOutAction}"><input type="hidden" name="csrf" value="${frame.csrf}"><button class="secondary" type="submit">${say(lang, 'signOut')}</button></form>`
    : ''
}
</div></header>
<main id="main" tabindex="-1">
<h1>${frame.title}</h1>
${frame.notice ? html`<div class="notice ok" role="status">${frame.notice}</div>` : ''}
${errors ? html`<div class="notice error" role="alert">${frame.problems?.map((problem) => html`<p>${problem}</p>`)}</div>` : ''}
${body}
</main>
<footer><p>${say(lang, 'timesNote')}</p></footer>
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
