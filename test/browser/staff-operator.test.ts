import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import { listPersonalDataViews } from '../../shared/use-cases/audit/personal-data-views';
import { axeEverywhere } from '../support/axe';
import { launchChromium } from '../support/browser';
import { eventually } from '../support/eventually';
import { type LoopbackSite, serveBehindLocalEdge } from '../support/local-edge';
import { registerMediator, registerOrganization } from '../support/mediation-api';
import { putDispute } from '../support/mediation-fixtures';
import { addAddresses, serve } from '../support/portal-fixtures';
import { type ServiceHarness, seedPerson, startServiceHarness } from '../support/service-harness';

const postalAddress = '广东省深圳市福田区福华一路 1 号 518048';
const operatorId = 'op-staff-pages';

describe('the operator’s queues in Chromium', () => {
  let h: ServiceHarness;
  let site: LoopbackSite;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let mediator: { id: string; subjectId: string };
  let unserved: { serviceId: string; recipientId: string; personId: string };
  let second: { serviceId: string; recipientId: string; personId: string };

  beforeAll(async () => {
    // Prepare: the platform with its delivery workflows; a mediator; a recipient whose only
    // electronic address never answers (unserved) and who has a postal address on record.
    h = await startServiceHarness();
    const app = createApp({ ...h.httpDeps, issueLocalToken: (role, id) => h.tokens.sign(role, id) });
    site = await serveBehindLocalEdge(app.fetch, h.tokens.authenticator());
    base = site.base;

    // The roster helpers take the HTTP harness: the same app, with the HTTP deps.
    const http = { ...h, deps: h.httpDeps };
    const organizationId = await registerOrganization(http);
    mediator = await registerMediator(http, organizationId, { name: '陈调解 Chen' });

    const person = await seedPerson(h.store, { name: '李四 Li Si' });
    const phone = `+86139${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
    await addAddresses(h, person, [
      { channel: 'sms', value: phone, source: 'registration_record' },
      { channel: 'postal', value: postalAddress, source: 'registration_record' },
    ]);
    const served = await serve(h, person);
    await eventually('one SMS reaches the recipient', () => h.smsTo(phone).length === 1, { timeout: 30_000 });
    await h.whenClosed(served.recipientId);
    unserved = { ...served, personId: person.personId };
    // A second one, to be served again from its row.
    const other = await seedPerson(h.store, { name: '赵六 Zhao Liu' });
    const otherPhone = `+86137${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
    await addAddresses(h, other, [{ channel: 'sms', value: otherPhone, source: 'registration_record' }]);
    const otherServed = await serve(h, other);
    await eventually('one SMS reaches the second recipient', () => h.smsTo(otherPhone).length === 1, {
      timeout: 30_000,
    });
    await h.whenClosed(otherServed.recipientId);
    second = { ...otherServed, personId: other.personId };

    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await h?.stop();
  });

  it('shows the unserved recipient’s name and postal address, logs the view, and records post', async () => {
    const openedAt = Date.now();
    await page.goto(`${base}/service-centre`);
    await page.fill('#operatorId', operatorId);
    await page.getByTestId('local-sign-in').click();

    const row = page.locator(`tr[data-recipient-id="${unserved.recipientId}"]`);
    expect(await row.getByTestId('recipient-name').textContent()).toBe('李四 Li Si');
    expect(await row.getByTestId('postal-address').textContent()).toBe(postalAddress);

    const views = await listPersonalDataViews(h, { kind: 'service', id: unserved.serviceId });
    const view = views.at(-1);
    expect(view).toMatchObject({
      viewer: { role: 'operator', subjectId: operatorId },
      purpose: { kind: 'service', id: unserved.serviceId },
      page: '/service-centre',
      subjects: [{ ref: unserved.recipientId, personId: unserved.personId, fields: ['name', 'postal_address'] }],
    });
    expect(Date.parse(view?.at ?? '')).toBeGreaterThanOrEqual(openedAt - 5_000);
    expect(JSON.stringify(views)).not.toContain('福华一路');

    await row.getByLabel('方式').selectOption('post');
    await row.getByLabel('邮件号或公告编号').fill('EMS1234567890CN');
    await row.getByRole('button', { name: '记录' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已记录其他方式送达');
    expect(await page.locator(`tr[data-recipient-id="${unserved.recipientId}"]`).count()).toBe(0);
    const status = await h.call('GET', `/v1/services/${unserved.serviceId}`, { as: ['operator', operatorId] });
    expect(status.json.recipients[0]).toMatchObject({ status: 'served_alternatively' });
  }, 120_000);

  it('keeps a refused alternative service in its row with the problem at the field, and records nothing', async () => {
    await page.goto(`${base}/service-centre`);
    const row = page.locator(`tr[data-recipient-id="${second.recipientId}"]`);
    // No method is chosen for the operator: post and public notice are not interchangeable.
    expect(await row.getByLabel('方式').inputValue()).toBe('');
    await row.getByLabel('邮件号或公告编号').fill('EMS0000000001CN');
    // A method the page does not offer (a stale page, a hand-edited form).
    await page.evaluate(`(() => {
      const select = document.getElementById('method-${second.recipientId}');
      select.add(new Option('快递', 'courier'));
      select.value = 'courier';
    })()`);
    await row.getByRole('button', { name: '记录' }).click();

    const refused = page.locator(`tr[data-recipient-id="${second.recipientId}"]`);
    expect(await refused.getByLabel('方式').getAttribute('aria-invalid')).toBe('true');
    expect(await refused.locator(`#method-${second.recipientId}-error`).textContent()).toBe('请选择邮寄送达或公告送达');
    expect(await refused.getByLabel('邮件号或公告编号').inputValue()).toBe('EMS0000000001CN');
    expect(await page.getByRole('alert').textContent()).toContain('未作任何更改');
    const status = await h.call('GET', `/v1/services/${second.serviceId}`, { as: ['operator', operatorId] });
    expect(status.json.recipients[0]).toMatchObject({ status: 'unserved' });
  });

  it('serves an unserved recipient again from its row, once however often the button is pressed', async () => {
    await page.goto(`${base}/service-centre`);
    const form = page.locator(`tr[data-recipient-id="${second.recipientId}"]`).getByTestId('retry-form');
    const csrf = await form.locator('input[name="csrf"]').inputValue();
    await form.getByRole('button', { name: '重新电子送达' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已重新电子送达');
    const status = await h.call('GET', `/v1/services/${second.serviceId}`, { as: ['operator', operatorId] });
    expect(status.json.recipients[0].status).not.toBe('unserved');
    const resumed = async () =>
      (await h.store.readChain(`SERVICE#${second.serviceId}#RECIPIENT#${second.recipientId}`)).events.filter(
        (event) => event.type === 'service.resumed',
      ).length;
    expect(await resumed()).toBe(1);

    // The same form again (a double tap): nothing more is done, and the page says why.
    const again = await page.request.post(
      `${base}/service-centre/services/${second.serviceId}/recipients/${second.recipientId}/retry`,
      { headers: { origin: base }, form: { csrf }, maxRedirects: 0 },
    );
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe('/service-centre?done=no_longer_unserved');
    expect(await resumed()).toBe(1);
  }, 60_000);

  it('assigns a dispute from the queue to a ranked candidate', async () => {
    const dispute = await putDispute(h.store, { status: 'awaiting_assignment' });

    await page.goto(`${base}/service-centre/assignments`);
    const card = page.locator(`article[data-dispute-id="${dispute.id}"]`);
    expect(await card.locator(`tr[data-mediator-id="${mediator.id}"]`).count()).toBe(1);
    await card.getByLabel('指派给').selectOption(mediator.id);
    await card.getByRole('button', { name: '发出调解邀请' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已发出调解邀请');
    expect(await page.locator(`article[data-dispute-id="${dispute.id}"]`).count()).toBe(0);
    expect((await h.store.disputes.dispute(dispute.id)).dispute).toMatchObject({
      status: 'offered',
      offeredMediatorIds: [mediator.id],
    });
  }, 60_000);

  it('assigns open disputes in a batch and shows the result', async () => {
    const dispute = await putDispute(h.store, { status: 'awaiting_assignment' });

    await page.goto(`${base}/service-centre/assignments`);
    const batchForm = page.locator('form[action="/service-centre/assignments/batch"]');
    const posted = {
      csrf: await batchForm.locator('input[name="csrf"]').inputValue(),
      formKey: await batchForm.locator('input[name="formKey"]').inputValue(),
    };
    await page.getByTestId('batch-assign').click();

    // The answer is a page of its own (post, redirect, get): a reload or "back" posts nothing again.
    expect(new URL(page.url()).pathname).toBe('/service-centre/assignments');
    const result = page.getByTestId('batch-result');
    expect(await result.getByTestId('batch-assigned').textContent()).toBe('1');
    const offered = page.getByTestId('offered').locator(`tr[data-dispute-id="${dispute.id}"]`);
    expect(await offered.getByTestId('offered-to').textContent()).toContain('陈调解 Chen');
    expect((await h.store.disputes.dispute(dispute.id)).dispute.status).toBe('offered');

    // Another dispute waits now; a reload of the result and the same form sent again assign nothing.
    const later = await putDispute(h.store, { status: 'awaiting_assignment' });
    await page.reload();
    expect(await page.getByTestId('batch-result').getByTestId('batch-assigned').textContent()).toBe('1');
    const again = await page.request.post(`${base}/service-centre/assignments/batch`, {
      headers: { origin: base },
      form: posted,
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe(new URL(page.url()).pathname + new URL(page.url()).search);
    expect((await h.store.disputes.dispute(later.id)).dispute.status).toBe('awaiting_assignment');
    expect((await h.store.disputes.dispute(dispute.id)).dispute.offeredMediatorIds).toEqual([mediator.id]);
  }, 60_000);

  it('lists the triaged disputes waiting for matching', async () => {
    const triaged = await putDispute(h.store, { status: 'triaged' });

    await page.goto(`${base}/service-centre/assignments`);

    expect(await page.getByTestId('triaged').locator(`tr[data-dispute-id="${triaged.id}"]`).count()).toBe(1);
  });

  it('shows the roster of courts, organizations and mediators', async () => {
    await page.goto(`${base}/service-centre/roster`);

    expect(await page.getByTestId('mediators').locator(`tr[data-mediator-id="${mediator.id}"]`).count()).toBe(1);
    expect(await page.getByTestId('organizations').textContent()).toContain('Futian');
  });

  it('lets a keyboard reach and scroll the service centre’s tables', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/service-centre`);
    const channels = page.getByTestId('channels');
    expect(await channels.getAttribute('tabindex')).toBe('0');
    // Wider than the phone: the table scrolls inside its region, not the page.
    expect(await channels.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await channels.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => channels.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1024, height: 768 });
  });

  it('passes axe-core on every operator page in both languages on a phone and a laptop', async () => {
    // Something in each queue, so the forms and tables are checked too.
    await putDispute(h.store, { status: 'awaiting_assignment' });
    const found: string[] = [];
    for (const path of [
      '/service-centre',
      '/service-centre/assignments',
      '/service-centre/roster',
      '/service-centre/failed-executions',
    ]) {
      found.push(...(await axeEverywhere(context, base, path)));
    }
    expect(found.join('\n')).toBe('');
  }, 180_000);

  it('passes axe-core on the sign-in page too', async () => {
    await context.clearCookies();
    expect((await axeEverywhere(context, base, '/service-centre')).join('\n')).toBe('');
  }, 120_000);
});
