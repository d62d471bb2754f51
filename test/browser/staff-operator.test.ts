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
    await page.getByTestId('batch-assign').click();

    const result = page.getByTestId('batch-result');
    expect(await result.getByTestId('batch-assigned').textContent()).toBe('1');
    expect(await result.textContent()).toContain(dispute.id);
    expect((await h.store.disputes.dispute(dispute.id)).dispute.status).toBe('offered');
  }, 60_000);

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
