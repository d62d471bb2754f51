import { Hono } from 'hono';
import { accepts } from 'hono/accepts';
import { html } from 'hono/html';
import { verifyReference } from '../../../shared/use-cases/service/portal';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { shanghaiTime } from '../pages/kit/beijing-time';
import { en, pageLayout } from '../pages/page-layout';
import { problemResponse } from '../problem';

/** Reference codes as messages print them: `SD` and 10 characters; anything else is simply not ours. */
const referenceShape = /^[A-Z0-9]{6,20}$/;

const channelLabels: Record<string, string> = { sms: '短信 / SMS', email: '电子邮件 / email' };

/*
 * GET /verify?ref=<reference code> (DESIGN.md API table): anyone checks that a message claiming
 * to come from a court was really sent by this platform, because fake court messages are a known
 * fraud. A genuine reference shows the court (or the platform) that served, the channel and when
 * the message was sent: no recipient, no address, no document title or content.
 *
 * An unknown reference answers 404 with the negative verdict ("not issued by this platform") and
 * advice. Malformed and unknown references get the same page, so the answer says nothing about how
 * references look or how close a guess came; references carry about 50 bits of randomness, and
 * the API's stage throttle bounds guessing.
 */
export function verifyRoutes(deps: HttpDeps) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const raw = c.req.query('ref');
    const wantsJson =
      accepts(c, { header: 'Accept', supports: ['text/html', 'application/json'], default: 'text/html' }) ===
      'application/json';
    if (raw === undefined || raw.trim() === '') {
      if (wantsJson) {
        return problemResponse(c, {
          status: 400,
          code: 'invalid_input',
          detail: 'the reference to check is the query parameter `ref`',
          errors: [{ path: 'query.ref', message: 'required' }],
        });
      }
      return c.html(verifyPage(''));
    }
    const reference = raw.replace(/[\s-]/g, '').toUpperCase().slice(0, 40);
    const verdict = referenceShape.test(reference)
      ? await verifyReference(deps, reference)
      : { genuine: false as const };
    // A script (a court's clerk system, a bank's fraud check) asks for JSON: the same verdict, no page.
    if (wantsJson) {
      return verdict.genuine
        ? c.json({
            reference,
            genuine: true,
            issuer: verdict.issuer,
            channel: verdict.channel,
            sentAt: verdict.sentAt ?? null,
          })
        : c.json(
            {
              reference,
              genuine: false,
              advice: 'not issued by this platform: do not follow its links, pay anything or give away codes',
            },
            404,
          );
    }
    if (!verdict.genuine) {
      return c.html(
        verifyPage(
          reference,
          html`<div class="error" role="alert" data-testid="verdict" data-verdict="unknown">
<b>未查到此编号：该消息并非本平台发出。</b><br>${en(html`<b>Not issued by this platform:</b> no message with this reference was sent by us.`)}
<p>请勿点击其中的链接、勿转账或提供验证码；请通过您自行查到的官方电话联系法院核实。<br>
${en('Do not follow its links, pay anything or give away codes; call the court on a number you looked up yourself.')}</p></div>`,
        ),
        404,
      );
    }
    return c.html(
      verifyPage(
        reference,
        html`<div class="ok" role="status" data-testid="verdict" data-verdict="genuine">
<b>真实：该消息由本平台代表以下机关发出。</b><br>${en(html`<b>Genuine:</b> this message was sent by the platform on behalf of:`)}
<dl>
<dt>送达机关 / ${en('Sent for')}</dt><dd data-testid="issuer">${verdict.issuer}</dd>
<dt>方式 / ${en('Channel')}</dt><dd>${channelLabels[verdict.channel] ?? verdict.channel}</dd>
<dt>发送时间 / ${en('Sent')}</dt><dd data-testid="sent-at">${verdict.sentAt ? shanghaiTime(verdict.sentAt) : '发送中 / being sent'}</dd>
</dl>
<p>请只通过消息中的链接查看文书，并核对链接以本平台地址开头。<br>${en("Open the document only through the link in the message, and check that it starts with this platform's address.")}</p></div>`,
      ),
    );
  });

  return app;
}

function verifyPage(reference: string, verdict?: ReturnType<typeof html>) {
  return pageLayout(
    '核验送达消息 / Check a service message',
    html`<h1>核验送达消息 / ${en('Check a service message')}</h1>
<p>收到自称来自法院的短信或邮件？输入其中的编号，核验是否由本平台发出。<br>
${en('Got an SMS or email claiming to come from a court? Enter its reference to check that this platform sent it.')}</p>
<form method="get" action="/verify">
<label for="ref">消息编号 / ${en('Reference')}</label>
<input id="ref" name="ref" value="${reference}" autocapitalize="characters" autocomplete="off" required>
<button type="submit">核验 / ${en('Check')}</button>
</form>
${verdict ?? ''}`,
  );
}
