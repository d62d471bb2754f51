import { html } from 'hono/html';
import { en, pageLayout } from './page-layout';

/** A form that did not come from one of the platform's own pages: refused before it was read. */
export function formRefusedPage() {
  return pageLayout(
    '表单被拒绝 / Form refused',
    html`<h1>表单被拒绝 / ${en('Form refused')}</h1>
<p class="error" role="alert">表单校验未通过，未做任何更改：只接受本站页面提交的表单，请回到原页面重试 / ${en("The form failed its check and nothing was changed: forms are accepted from this site's own pages only, so go back to the page and try again")}</p>`,
  );
}
