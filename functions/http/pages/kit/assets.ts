import { createHash } from 'node:crypto';
import type { Context } from 'hono';

/**
 * The pages' one stylesheet, served from /assets (the pages' CSP allows styles from this origin,
 * no inline script). Phone first: one column, nothing wider than the screen down to 320 px (long
 * words and hashes wrap, tables scroll inside their own focusable region), then wider margins.
 * Its name carries its hash, so it can be cached for a year and still change with a release.
 */
const siteCss = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:16px/1.55 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;color:#1c2430;background:#f6f7f9;overflow-wrap:anywhere}
a{color:#1d4ed8}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-3rem;background:#fff;padding:.5rem .8rem;border-radius:6px;z-index:2}
.skip:focus{top:.5rem}
header{background:#1e3a8a;color:#fff}
header .bar{max-width:48rem;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;justify-content:space-between}
header a{color:#fff}.brand{font-weight:700;text-decoration:none}
header .link-button{background:none;border:0;border-radius:0;color:#fff;text-decoration:underline;padding:0;margin:0}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
main{display:block;max-width:48rem;margin:0 auto;padding:1rem;background:#fff;min-height:60vh}
main:focus{outline:none}
footer{max-width:48rem;margin:0 auto;padding:1rem;color:#4b5563;font-size:.875rem}
h1{font-size:1.35rem;line-height:1.3;margin:.4rem 0 1rem}h2{font-size:1.12rem;margin:1.6rem 0 .6rem}h3{font-size:1rem}
label,.label{display:block;margin:.9rem 0 .25rem;font-weight:600}
.hint{display:block;color:#4b5563;font-size:.9rem;font-weight:400;margin:.1rem 0 .3rem}
input,select,textarea,button{font:inherit;max-width:100%}
input:not([type=checkbox]):not([type=radio]),select,textarea{width:100%;padding:.55rem;border:1px solid #6b7280;border-radius:6px;background:#fff;color:inherit}
textarea{min-height:6rem}
[aria-invalid=true]{border:2px solid #b91c1c!important}
.field-error{display:block;color:#b91c1c;font-weight:600;margin:.2rem 0}
.check{display:flex;gap:.6rem;align-items:flex-start;font-weight:400}.check input{margin-top:.35rem;flex:none}
fieldset{border:1px solid #d1d5db;border-radius:8px;margin:1rem 0;padding:.4rem .9rem .9rem;min-width:0}
legend{font-weight:700;padding:0 .3rem}
button,.button{display:inline-block;background:#1d4ed8;color:#fff;border:0;border-radius:6px;padding:.6rem 1.1rem;margin-top:1rem;cursor:pointer;text-decoration:none;text-align:center}
.button.secondary,button.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
button.danger{background:#b91c1c}
.inline{display:inline}
.error-summary{border:2px solid #b91c1c;border-radius:8px;padding:.7rem 1rem;margin:0 0 1rem;background:#fef2f2}
.error-summary h2{margin:0 0 .4rem;font-size:1rem;color:#991b1b}.error-summary ul{margin:0;padding-left:1.2rem}
.error-summary a{color:#991b1b;font-weight:600}
.notice{border-radius:8px;padding:.7rem 1rem;margin:0 0 1rem}.notice.ok{background:#ecfdf5;color:#065f46}.notice.error{background:#fef2f2;color:#991b1b}.notice.info{background:#eff6ff;color:#1e3a8a}
.facts{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.3rem .9rem;margin:.8rem 0}
.facts dt{font-weight:600}.facts dd{margin:0;min-width:0}
.hash,code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;overflow-wrap:anywhere;word-break:break-all}
.muted{color:#4b5563;font-size:.92rem}
.cards{list-style:none;margin:0;padding:0}.cards>li{border:1px solid #d1d5db;border-radius:8px;padding:.8rem 1rem;margin:.7rem 0}
.next{font-weight:600;color:#065f46}
.scroll{overflow-x:auto;max-width:100%;margin:.8rem 0;border:1px solid #e5e7eb;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{background:#f3f4f6}
.document{border:1px solid #d1d5db;border-radius:8px;padding:.8rem 1rem;background:#fcfcfd;white-space:pre-wrap}
.canonical{border:1px solid #d1d5db;border-radius:8px;padding:.4rem 1rem;margin:1rem 0}.canonical h1{font-size:1.2rem}
@media (min-width:40rem){main{padding:1.5rem 2rem;margin-top:1rem;border-radius:10px}h1{font-size:1.6rem}}
`.trim();

const cssHash = createHash('sha256').update(siteCss).digest('hex').slice(0, 12);

/** Where the pages link the stylesheet from. */
export const siteCssPath = `/assets/site-${cssHash}.css`;

/** The stylesheet's size on the wire (uncompressed), for the page-weight check. */
export const siteCssBytes = Buffer.byteLength(siteCss);

/** GET /assets/{file}: the stylesheet, under its current hashed name only. */
export function serveAsset(c: Context): Response {
  if (c.req.path !== siteCssPath) return c.text('not found', 404);
  return c.body(siteCss, 200, {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
  });
}
