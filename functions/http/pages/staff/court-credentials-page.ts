import { html } from 'hono/html';
import type { Court } from '../../../../shared/domain/roster/court';
import type { IssuedCourtCredentials } from '../../../../shared/use-cases/roster/court-credentials';
import { formKeyField } from '../form-once';
import { type OperatorFrame, operatorFrame } from './operator-pages';
import { beijing, csrfField, sayer, staffPage } from './staff-layout';

/*
 * A court on the roster and its API credentials: the operator issues them, rotates the secret (the
 * old client keeps working for a grace the operator chooses) or revokes every client at once, as
 * POST /v1/courts/{id}/credentials… do. A new secret is on the answer to the form only: the page
 * that shows it is never shown again (every page is `no-store`), so the operator copies it then.
 */

export interface CourtCredentialsView extends OperatorFrame {
  court: Court;
  /** Whether the court holds working credentials (a client, not revoked). */
  active: boolean;
  issued?: IssuedCourtCredentials & { tokenEndpoint: string };
  /** The rotation's grace as typed, and its error, after a refusal. */
  grace?: { value: string; error: string };
  /** The rotation form's once-only key (a refused form keeps its own). */
  formKey: string;
}

export function courtCredentialsPage(view: CourtCredentialsView) {
  const t = sayer(view.lang);
  const { court } = view;
  const base = `/service-centre/roster/courts/${court.id}`;
  return staffPage(
    operatorFrame(view, `${t('法院', 'Court')} · ${court.name}`),
    html`<p><a class="back" href="/service-centre/roster">← ${t('返回名册', 'Back to the roster')}</a></p>
${view.issued ? issuedSecret(view, t) : ''}
<section aria-labelledby="court-heading">
<h2 id="court-heading">${t('法院信息', 'The court')}</h2>
<dl class="facts">
<dt>${t('编号', 'Id')}</dt><dd><code>${court.id}</code></dd>
<dt>${t('所在地', 'Seat')}</dt><dd>${court.regionCode}</dd>
<dt>${t('管辖区域', 'Jurisdiction')}</dt><dd>${court.jurisdiction.regions.join(', ')}</dd>
<dt>${t('API 客户端', 'API client')}</dt><dd data-testid="client-id">${court.clientId ? html`<code>${court.clientId}</code>` : t('尚未签发', 'none issued yet')}</dd>
${court.previousClientId && court.previousClientRetiresAt ? html`<dt>${t('旧客户端', 'Previous client')}</dt><dd><code>${court.previousClientId}</code> · ${t('停用于', 'retires')} ${beijing(court.previousClientRetiresAt, view.lang)}</dd>` : ''}
${court.credentialsRevokedAt ? html`<dt>${t('凭据已吊销', 'Credentials revoked')}</dt><dd>${beijing(court.credentialsRevokedAt, view.lang)}</dd>` : ''}
</dl>
</section>
<section aria-labelledby="credentials-heading" data-testid="credentials">
<h2 id="credentials-heading">${t('API 凭据', 'API credentials')}</h2>
${
  view.active
    ? html`<form method="post" action="${base}/credentials/rotation">${csrfField(view.csrf)}<input type="hidden" name="${formKeyField}" value="${view.formKey}">
<label for="graceHours">${t('旧密钥继续有效（小时，0 至 168）', 'The old secret keeps working for (hours, 0 to 168)')}</label>
${view.grace ? html`<p class="field-error" id="graceHours-error">${view.grace.error}</p>` : ''}
<input id="graceHours" name="graceHours" inputmode="numeric" value="${view.grace?.value ?? '24'}"${view.grace ? html` aria-invalid="true" aria-describedby="graceHours-error"` : ''}>
<button type="submit" data-testid="rotate-credentials">${t('轮换密钥', 'Rotate the secret')}</button>
</form>
<form method="post" action="${base}/credentials/revocation">${csrfField(view.csrf)}
<p class="muted">${t('吊销后，该法院的所有客户端立即失效，已签发的访问令牌也被拒绝。', 'Revoking ends every client of the court at once, including tokens already issued.')}</p>
<button class="danger" type="submit" data-testid="revoke-credentials">${t('吊销全部凭据', 'Revoke every credential')}</button>
</form>`
    : html`<form method="post" action="${base}/credentials">${csrfField(view.csrf)}
<p class="muted">${t('为该法院签发客户端凭据（client credentials，范围 platform/court）；密钥只显示一次。', 'Issue the court its client credentials (client credentials grant, scope platform/court); the secret is shown once.')}</p>
<button type="submit" data-testid="issue-credentials">${t('签发凭据', 'Issue credentials')}</button>
</form>`
}
</section>`,
  );
}

function issuedSecret(view: CourtCredentialsView, t: ReturnType<typeof sayer>) {
  const issued = view.issued;
  if (!issued) return '';
  return html`<section class="notice info" aria-labelledby="secret-heading" data-testid="issued">
<h2 id="secret-heading">${t('新凭据（仅显示这一次）', 'New credentials (shown this once only)')}</h2>
<p>${t('请立即复制密钥并安全地交给法院；离开本页后无法再次查看，只能再次轮换。', 'Copy the secret now and hand it to the court safely: it cannot be shown again once you leave this page, only rotated.')}</p>
<dl class="facts">
<dt>client_id</dt><dd><code data-testid="issued-client-id">${issued.clientId}</code></dd>
<dt>client_secret</dt><dd><code data-testid="issued-secret">${issued.clientSecret}</code></dd>
<dt>${t('令牌端点', 'Token endpoint')}</dt><dd><code>${issued.tokenEndpoint}</code></dd>
${issued.previousClientRetiresAt ? html`<dt>${t('旧客户端停用于', 'The previous client retires')}</dt><dd>${beijing(issued.previousClientRetiresAt, view.lang)}</dd>` : ''}
</dl>
</section>`;
}
