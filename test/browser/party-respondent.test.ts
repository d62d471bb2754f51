import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { httpHarness } from '../support/http-harness';
import { behindLocalEdge } from '../support/local-edge';
import { filing, invitationsOf } from '../support/mediation-api';
import { chooseLanguage, expectAGoodPage, submit } from '../support/party-pages';

const applicant: ['party', string] = ['party', 'user-zhang'];

describe('the invited respondent in Chromium: reads the claim, then joins or declines', () => {
  let h: Awaited<ReturnType<typeof httpHarness>>;
  let server: ServerType;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    h = await httpHarness();
    const fetch = await behindLocalEdge((request: Request) => h.app.fetch(request), h.tokens.authenticator());
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function invited() {
    const filed = await h.call('POST', '/v1/disputes', {
      as: applicant,
      body: filing({ summary: '卖家发来的笔记本电脑屏幕破裂，拒绝退款。' }),
    });
    expect(filed.status, filed.text).toBe(201);
    const [invitation] = await invitationsOf(h, filed.json.id);
    if (!invitation) throw new Error('no invitation');
    return { disputeId: filed.json.id as string, ...invitation };
  }

  async function disputeStatus(disputeId: string) {
    return (await h.store.get({ pk: `CASE#${disputeId}`, sk: 'ROOT' }))?.attributes.status;
  }

  for (const lang of ['zh', 'en'] as const) {
    it(`(${lang}) a wrong code is refused at its field with input kept; the claim is read, then mediation declined`, async () => {
      const { disputeId, token, code } = await invited();
      const page = await browser.context.newPage();
      page.setDefaultTimeout(15_000);
      await chooseLanguage(browser.context, base, lang);
      const wrong = code === '000000' ? '111111' : '000000';

      // The proof form.
      const opened = await page.goto(`${base}/join/${token}`);
      await expectAGoodPage(page, lang, opened);

      // A wrong code: the error at the field, in the page's language, with what was typed kept.
      await page.fill('#code', wrong);
      await page.fill('#idLastDigits', 'DE1X');
      const refused = await submit(page, '[data-testid="proof-form"] button[type=submit]');
      expect(refused?.status()).toBe(422);
      expect(await page.getAttribute('#code', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#code', 'aria-describedby')).toContain('code-error');
      expect(await page.textContent('#code-error')).toContain(lang === 'zh' ? '不正确' : 'do not match');
      expect(await page.textContent('#code-error')).toMatch(lang === 'zh' ? /还可尝试 \d+ 次/ : /\d+ tries left/);
      expect(await page.inputValue('#code')).toBe(wrong);
      expect(await page.inputValue('#idLastDigits')).toBe('DE1X');
      await expectAGoodPage(page, lang, refused);
      expect(await disputeStatus(disputeId)).not.toBe('declined');

      // The right code: the claim, before any consent.
      await page.fill('#code', code);
      const claim = await submit(page, '[data-testid="proof-form"] button[type=submit]');
      expect(claim?.status()).toBe(200);
      expect(await page.textContent('[data-testid="claim-category"]')).toBe(
        lang === 'zh' ? '网络购物合同' : 'Online shopping contract',
      );
      expect(await page.textContent('[data-testid="claim-amount"]')).toBe(
        lang === 'zh' ? '3,200.00 元' : 'CNY 3,200.00',
      );
      expect(await page.textContent('[data-testid="claim-applicant"]')).toBe('Zhang San');
      expect(await page.textContent('[data-testid="claim-summary"]')).toContain('笔记本电脑屏幕破裂');
      await expectAGoodPage(page, lang, claim);

      // Declining without a reason: refused at the field, nothing changed.
      await page.fill('#note', '已经通过平台客服退款。');
      const noReason = await submit(page, '[data-testid="decline-form"] button[type=submit]');
      expect(noReason?.status()).toBe(400);
      expect(await page.getAttribute('#reason', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#reason-error')).toBe(lang === 'zh' ? '此项必填' : 'This field is required');
      expect(await page.inputValue('#note')).toBe('已经通过平台客服退款。');
      await expectAGoodPage(page, lang, noReason);
      expect(await disputeStatus(disputeId)).not.toBe('declined');

      // Declined, with the reason.
      await page.selectOption('#reason', 'already_resolved');
      const declined = await submit(page, '[data-testid="decline-form"] button[type=submit]');
      expect(declined?.status()).toBe(200);
      expect(await page.textContent('[data-testid="declined"]')).toContain(lang === 'zh' ? '已拒绝调解' : 'declined');
      await expectAGoodPage(page, lang, declined);

      const root = (await h.store.get({ pk: `CASE#${disputeId}`, sk: 'ROOT' }))?.attributes;
      expect(root).toMatchObject({
        status: 'declined',
        declined: { reason: 'already_resolved', note: '已经通过平台客服退款。' },
      });
      const events = (await h.store.readChain(`CASE#${disputeId}`)).events;
      expect(events.at(-1)).toMatchObject({ type: 'dispute.declined', data: { reason: 'already_resolved' } });
      // The applicant is told what it can do next, through the milestone outbox.
      const outbox = (await h.allItems()).filter(
        (item) =>
          String(item.pk).startsWith('OUTBOX#') &&
          (item.payload as { milestone?: string; disputeId?: string } | undefined)?.disputeId === disputeId,
      );
      expect(outbox.map((item) => (item.payload as { milestone: string }).milestone)).toContain('mediation_declined');

      // The link is used up: opening it again says so, in the page's language.
      const again = await page.goto(`${base}/join/${token}`);
      expect(again?.status()).toBe(422);
      await expectAGoodPage(page, lang, again);
      await page.close();
    }, 180_000);
  }

  it('a respondent reads the claim and joins: no token on the page, the way on leads into the party space', async () => {
    const { disputeId, token, code } = await invited();
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await chooseLanguage(browser.context, base, 'en');
    await page.goto(`${base}/join/${token}`);
    await page.fill('#code', code);
    await page.fill('#idLastDigits', 'DE1X');
    await submit(page, '[data-testid="proof-form"] button[type=submit]');

    // A bad phone: refused at the field, input kept, nobody joined.
    await page.fill('#phone', '12');
    await page.check('#agree');
    const badPhone = await submit(page, '[data-testid="join-form"] button[type=submit]');
    expect(badPhone?.status()).toBe(400);
    expect(await page.textContent('#phone-error')).toBe('Not a valid phone number');
    expect(await page.inputValue('#phone')).toBe('12');
    expect(await page.isChecked('#agree')).toBe(true);
    await expectAGoodPage(page, 'en', badPhone);

    // Joins without consent (a company consents after an operator's document check).
    await page.fill('#phone', '');
    await page.uncheck('#agree');
    const joined = await submit(page, '[data-testid="join-form"] button[type=submit]');
    expect(joined?.status()).toBe(201);
    await expectAGoodPage(page, 'en', joined);
    const body = await page.textContent('main');
    expect(body).not.toMatch(/[A-Za-z0-9_-]{100,}/);
    expect(await page.getAttribute('[data-testid="follow-your-case"]', 'href')).toBe(
      `/auth/sign-in?pool=parties&return=${encodeURIComponent(`/cases/${disputeId}`)}`,
    );
    expect(await disputeStatus(disputeId)).not.toBe('declined');
    await page.close();
  }, 180_000);
});
