import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * The frame of the platform's few server-rendered pages (join, portal, inbox): one small stylesheet,
 * readable on a phone, no script from anywhere else. The content is the page's `<main>` landmark
 * (screen readers jump to it; axe-core's `landmark-one-main` and `region`).
 */
export function pageLayout(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>, lang = 'zh-CN') {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:34rem;padding:1rem;color:#1c2430}
h1{font-size:1.3rem}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input,select,button{font:inherit;width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #b8c0cc;border-radius:6px}
input[type=checkbox]{width:auto}button{background:#1d4ed8;color:#fff;border:0;margin-top:1rem;cursor:pointer}
.error{background:#fef2f2;color:#991b1b;padding:.6rem;border-radius:6px}.ok{background:#ecfdf5;color:#065f46;padding:.6rem;border-radius:6px}
.muted{color:#5b6472;font-size:.9rem}code{word-break:break-all}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/**
 * The English half of a page that shows both languages at once: marked `lang="en"` so a screen
 * reader reads it with an English voice, while the page itself is Chinese (WCAG 3.1.2).
 */
export function en(text: string | HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<span lang="en">${text}</span>`;
}
