import { html } from 'hono/html';
import { pageLayout } from './page-layout';

/** A form that did not come from one of the platform's own pages: refused before it was read. */
export function formRefusedPage() {
  const title = '表单被拒绝 / Form refused';
  return pageLayout(
    title,
    html`<h1>${title}</h1>
<p class="error" role="alert">表单校验未通过，未做任何更改：只接受本站页面提交的表单，请回到原页面重试 / The form failed its check and nothing was changed: forms are accepted from this site's own pages only, so go back to the page and try again</p>`,
  );
}
