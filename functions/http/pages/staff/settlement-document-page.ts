import { html, raw } from 'hono/html';
import { type Lang, sayer, staffPage } from './staff-layout';

/** The canonical settlement document as the parties read and sign it, inside the staff frame. */
export function settlementDocumentPage(view: {
  lang: Lang;
  path: string;
  csrf: string;
  disputeId: string;
  html: string;
}) {
  const t = sayer(view.lang);
  // The document's own headings sit under the page's title.
  const body = view.html
    .replaceAll('<h2>', '<h3>')
    .replaceAll('</h2>', '</h3>')
    .replace('<h1>', '<h2>')
    .replace('</h1>', '</h2>');
  return staffPage(
    {
      lang: view.lang,
      title: t('调解协议书', 'Settlement agreement'),
      path: view.path,
      area: 'inbox',
      csrf: view.csrf,
      signOutAction: '/inbox/sign-out',
    },
    html`<p><a class="back" href="/inbox/disputes/${view.disputeId}">← ${t('返回调解室', 'Back to the case room')}</a></p>
<article class="agreement" lang="zh-CN" data-testid="settlement-document">${raw(body)}</article>`,
  );
}
