import { html } from 'hono/html';
import type { FailedExecutionRecord } from '../../../../shared/domain/operations/failed-execution';
import { type OperatorFrame, operatorFrame, scrollTable } from './operator-pages';
import { beijing, csrfField, sayer, staffPage } from './staff-layout';

const workflowLabels: Record<FailedExecutionRecord['workflow'], [string, string]> = {
  MessageDelivery: ['消息发送', 'Message delivery'],
  OfferLifecycle: ['调解邀请', 'Offer lifecycle'],
  ServiceDelivery: ['电子送达', 'Service delivery'],
  WebhookDelivery: ['法院回调', 'Court callback'],
};

const endLabels: Record<FailedExecutionRecord['status'], [string, string]> = {
  failed: ['失败', 'failed'],
  timed_out: ['超时', 'timed out'],
  aborted: ['已中止', 'aborted'],
};

const stateLabels: Record<FailedExecutionRecord['state'], [string, string]> = {
  failed: ['待处理', 'waiting for an operator'],
  redrive_requested: ['已请求重新运行', 'redrive requested'],
  redriven: ['已重新运行', 'redriven'],
  not_redrivable: ['无法重新运行', 'cannot be redriven'],
};

/**
 * Workflow executions that failed and wait for an operator (GET /v1/operations/failed-executions),
 * each with a button that asks for its redrive (POST …/{id}/redrive): the same use cases.
 */
export function failedExecutionsPage(view: OperatorFrame & { executions: FailedExecutionRecord[]; more: boolean }) {
  const t = sayer(view.lang);
  const pair = (labels: [string, string]) => (view.lang === 'zh' ? labels[0] : labels[1]);
  return staffPage(
    operatorFrame(view, t('失败的工作流', 'Failed workflow executions')),
    html`<p class="muted">${t(
      '对账程序每五分钟从工作流引擎记录失败的执行，并自动重新运行一次；仍失败的留待运营人员处理。重新运行会在几秒内开始，重复请求不会再运行一次。',
      'The reconciler records failed executions from the workflow engine every five minutes and redrives each once by itself; those still failing wait here. A redrive starts within seconds; asking again does not run it twice.',
    )}</p>
<section aria-labelledby="failed-heading" data-testid="failed-executions">
<h2 id="failed-heading">${t('待处理', 'Waiting')} (${view.executions.length}${view.more ? '+' : ''})</h2>
${
  view.executions.length === 0
    ? html`<p class="muted" data-testid="failed-empty">${t('无', 'None')}</p>`
    : scrollTable(
        t('失败的工作流执行', 'Failed workflow executions'),
        'failed-table',
        html`<table><thead><tr><th scope="col">${t('工作流与执行名', 'Workflow and name')}</th><th scope="col">${t('结束方式', 'Ended')}</th><th scope="col">${t('停止时间', 'Stopped at')}</th><th scope="col">${t('错误与原因', 'Error and cause')}</th><th scope="col">${t('处理状态', 'State')}</th><th scope="col">${t('重新运行', 'Redrives')}</th><th scope="col">${t('操作', 'Action')}</th></tr></thead>
<tbody>${view.executions.map(
          (
            execution,
          ) => html`<tr data-execution-id="${execution.id}"><td>${pair(workflowLabels[execution.workflow])}<br><code>${execution.name}</code></td>
<td data-testid="execution-status">${pair(endLabels[execution.status])}</td>
<td>${beijing(execution.stoppedAt, view.lang)}</td>
<td>${execution.error ? html`<code>${execution.error}</code>` : '–'}${execution.cause ? html`<br><span class="muted">${execution.cause.slice(0, 300)}</span>` : ''}</td>
<td data-testid="execution-state">${pair(stateLabels[execution.state])}${execution.refusal ? html`<br><span class="muted">${execution.refusal}</span>` : ''}</td>
<td>${execution.redrives}</td>
<td><form method="post" action="/service-centre/failed-executions/${execution.id}/redrive">${csrfField(view.csrf)}<button type="submit" aria-label="${t('重新运行', 'Redrive')} ${execution.name}">${t('重新运行', 'Redrive')}</button></form></td></tr>`,
        )}</tbody></table>`,
      )
}
</section>`,
  );
}
