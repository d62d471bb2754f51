import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import { launchChromium } from '../support/browser';
import { httpHarness } from '../support/http-harness';
import { type LoopbackSite, serveBehindLocalEdge } from '../support/local-edge';
import { filing, linkedParty, operator, registerMediator, registerOrganization } from '../support/mediation-api';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

const rawPhone = '13912345678';
const rawIdNumber = '110100199003074518';
/** What the filer wrote: a phone number and an ID number that the mediator must not see before accepting. */
const summary = `The buyer (phone ${rawPhone}, ID ${rawIdNumber}) says the laptop arrived broken and the shop refuses a refund.`;

describe('mediator inbox in Chromium', () => {
  let h: Harness;
  let site: LoopbackSite;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let mediator: { id: string; subjectId: string };
  const offers: Array<{ offerId: string; disputeId: string }> = [];
  /** The page's own script runs under its Content-Security-Policy: a blocked script would show here. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // Prepare: the app on a loopback port (with the local signer, as `npm start` wires it), a roster
    // of two mediators, and two disputes filed by a party and offered to the first mediator.
    h = await httpHarness();
    const app = createApp({ ...h.deps, issueLocalToken: (role, id) => h.tokens.sign(role, id) });
    // Behind the local edge: the page is reached as API Gateway would let a browser reach it.
    site = await serveBehindLocalEdge(app.fetch, h.tokens.authenticator());
    base = site.base;

    const organizationId = await registerOrganization(h);
    mediator = await registerMediator(h, organizationId, { name: '王调解 Wang' });
    await registerMediator(h, organizationId, { name: '李调解 Li' });
    for (let i = 0; i < 2; i++) {
      const filed = await h.call('POST', '/v1/disputes', {
        as: await linkedParty(h.deps.vault),
        body: filing({ summary }),
      });
      expect(filed.status).toBe(201);
      const offered = await h.call('POST', `/v1/disputes/${filed.json.id}/assignment`, {
        as: operator,
        body: { mediatorId: mediator.id },
      });
      expect(offered.status).toBe(201);
      offers.push({ offerId: offered.json.offerId, disputeId: filed.json.id });
    }

    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  type OfferedDispute = { offerId: string; disputeId: string };
  /** The first offer is accepted (and later closed), the second declined. */
  const accepted = () => offers[0] as OfferedDispute;
  const declined = () => offers[1] as OfferedDispute;

  it('signs a mediator in and shows their offers with a masked summary and a countdown', async () => {
    await page.goto(`${base}/inbox`);
    await page.selectOption('#mediatorId', mediator.id);
    await page.getByTestId('pick-sign-in').click();

    await expect.poll(() => page.locator('[data-offer-id]').count()).toBe(2);
    const offersText = await page.getByTestId('offers').textContent();
    expect(offersText).toContain('网络购物合同');
    expect(offersText).toContain('3200.00 CNY');
    expect(offersText).toContain('laptop arrived broken');
    expect(offersText).toMatch(/剩余 23 小时 5\d 分/);
    const html = await page.content();
    for (const secret of [rawPhone, rawIdNumber, 'Zhang San', 'Shenzhen Good Goods', '440301199001011234']) {
      expect(html).not.toContain(secret);
    }
    const cookies = await context.cookies(`${base}/inbox`);
    expect(cookies.find((cookie) => cookie.name === 'inbox_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/inbox',
    });
    expect(consoleErrors).toEqual([]);
  });

  it('accepts an offer, and the dispute shows under my active cases as in mediation', async () => {
    const { offerId, disputeId } = accepted();

    await page.locator(`[data-offer-id="${offerId}"]`).getByRole('button', { name: '接受' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已接受');
    const activeCase = page.getByTestId('active-cases').locator(`[data-dispute-id="${disputeId}"]`);
    expect(await activeCase.getByTestId('status').textContent()).toBe('调解中');
    expect(await page.locator(`[data-offer-id="${offerId}"]`).count()).toBe(0);
    expect((await h.store.disputes.dispute(disputeId)).dispute).toMatchObject({
      status: 'in_mediation',
      mediatorId: mediator.id,
    });
    await page.screenshot({ path: '/tmp/inbox.png', fullPage: true });
  });

  it('has no horizontal scroll on a phone-sized screen', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });

    await phone.goto(`${base}/inbox`);
    await phone.locator('[data-offer-id] summary').first().click();
    await phone.goto(`${base}/inbox/disputes/${accepted().disputeId}`);
    await phone.locator('summary').first().click();

    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/inbox-phone.png', fullPage: true });
    await phone.close();
  });

  it('gives every link, button and checkbox a target of at least 44 by 44 px on a phone', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    const small: string[] = [];
    for (const path of ['/inbox', `/inbox/disputes/${accepted().disputeId}`]) {
      await phone.goto(`${base}${path}`);
      // A checkbox is pressed through its label too: the label is its target.
      const targets = phone.locator('header a, header button, main a, main label:has(input[type=checkbox])');
      for (const target of await targets.all()) {
        const box = await target.boundingBox();
        if (!box || box.width < 44 || box.height < 44) {
          small.push(`${path} ${await target.textContent()}: ${box?.width}x${box?.height}`);
        }
      }
    }
    await phone.close();
    expect(small.join('\n')).toBe('');
  });

  it('keeps a reason that is too short in the open form with the problem at it, and declines nothing', async () => {
    const { offerId } = declined();
    const card = page.locator(`[data-offer-id="${offerId}"]`);

    await card.getByText('拒绝并说明理由').click();
    // Two characters pass the browser's check; trimmed, one is left, which the server refuses.
    await card.getByLabel('理由').fill(' x');
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/decline')),
      card.getByRole('button', { name: '拒绝', exact: true }).click(),
    ]);

    expect(refused.status()).toBe(400);
    const reason = page.locator(`[data-offer-id="${offerId}"]`).getByLabel('理由');
    expect(await reason.isVisible()).toBe(true);
    expect(await reason.inputValue()).toBe(' x');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#reason-${offerId}-error`).textContent()).toBe('拒绝理由至少 2 个字');
    expect((await h.store.offers.offer(offerId)).offer.status).toBe('open');
    await page.goto(`${base}/inbox`);
  });

  it('declines an offer with a reason', async () => {
    const { offerId } = declined();
    const card = page.locator(`[data-offer-id="${offerId}"]`);

    await card.getByText('拒绝并说明理由').click();
    await card.getByLabel('理由').fill('与一方当事人相识 / I know one of the parties');
    await card.getByRole('button', { name: '拒绝', exact: true }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('已拒绝');
    expect(await page.locator('[data-offer-id]').count()).toBe(0);
    expect((await h.store.offers.offer(offerId)).offer).toMatchObject({
      status: 'declined',
      declineReason: '与一方当事人相识 / I know one of the parties',
    });
  });

  it('shows a rule the outcome breaks in the case room with its status, then records the outcome', async () => {
    const { disputeId } = accepted();
    const room = page.locator('main');
    await page.goto(`${base}/inbox/disputes/${disputeId}`);

    await room.getByText('记录调解结果').click();
    await room.getByLabel('结果', { exact: true }).selectOption('failed');
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/outcome')),
      room.getByRole('button', { name: '记录', exact: true }).click(),
    ]);

    // The rule's words in the page's language at the field it concerns, the form open with the choice kept.
    expect(refused.status()).toBe(422);
    const referral = room.getByLabel('转诉讼摘要（诉前调解不成时必填）');
    expect(await referral.isVisible()).toBe(true);
    expect(await referral.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#referral-error').textContent()).toBe('诉前调解不成时，须填写转诉讼摘要。');
    expect(await room.getByLabel('结果', { exact: true }).inputValue()).toBe('failed');
    expect((await h.store.disputes.dispute(disputeId)).dispute.status).toBe('in_mediation');

    await room.getByLabel('结果', { exact: true }).selectOption('withdrawn');
    await room.getByLabel('原因', { exact: true }).selectOption('party_withdrew');
    await room.getByRole('button', { name: '记录', exact: true }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('调解结果已记录');
    expect(await page.getByTestId('active-cases').locator('[data-dispute-id]').count()).toBe(0);
    expect(await page.getByTestId('closed-cases').locator(`[data-dispute-id="${disputeId}"]`).count()).toBe(1);
    expect((await h.store.disputes.dispute(disputeId)).dispute).toMatchObject({
      status: 'withdrawn',
      outcome: { kind: 'withdrawn', reason: 'party_withdrew' },
    });
  });

  it('refuses a form without its CSRF token with 403, and changes nothing', async () => {
    const before = await h.allItems();

    const response = await page.request.post(`${base}/inbox/offers/${declined().offerId}/accept`, {
      form: { csrf: 'A'.repeat(43) },
    });

    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('表单校验未通过');
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 403 with a clear page to someone signed in who is not a mediator', async () => {
    const party = await context.newPage();
    await context.clearCookies();
    await party.goto(`${base}/inbox`);

    await party.locator('#token').fill(await h.tokens.sign(...(await linkedParty(h.deps.vault))));
    const [response] = await Promise.all([
      party.waitForResponse((r) => r.url().endsWith('/inbox/sign-in')),
      party.getByRole('button', { name: '使用令牌登录' }).click(),
    ]);

    expect(response.status()).toBe(403);
    expect(await party.getByRole('heading').textContent()).toBe('仅限调解员');
    expect((await context.cookies(`${base}/inbox`)).some((cookie) => cookie.name === 'inbox_session')).toBe(false);
    await party.close();
  });
});
