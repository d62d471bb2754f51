import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLocalIssuer } from '../../infra/local/local-issuer';
import { launchChromium } from '../support/browser';
import { behindLocalEdge } from '../support/local-edge';
import { chooseLanguage, expectAGoodPage, submit } from '../support/party-pages';
import { documentStore } from '../support/service-harness';
import { freshMobile, latestSmsCode, signInHarness } from '../support/sign-in-harness';

/** A resident ID number with its GB 11643 check character, from its first 17 digits. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * (weights[index] ?? 0), 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

/** A free loopback port, so the issuer and the callback can be configured with the server's own address. */
async function freePort(): Promise<number> {
  const probe = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: () => new Response(''), port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("a party's whole job through pages only, in Chromium", () => {
  let s: Awaited<ReturnType<typeof signInHarness>>;
  let server: ServerType;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    s = await signInHarness({ publicBaseUrl: base, deps: { documents: documentStore() } });
    const edge = withLocalIssuer(
      s.h.tokens,
      await behindLocalEdge((request: Request) => s.app.fetch(request), s.h.tokens.authenticator()),
      s.login,
    );
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: edge, port, hostname: '127.0.0.1' }, () => resolve(started));
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.identities.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  /** A person the carrier knows, signed in on the page with its mobile's code and linked by ID number and name. */
  async function signIn(page: Page) {
    const mobile = freshMobile();
    const idNumber = residentId(`44030119850101${String(Math.floor(Math.random() * 900) + 100)}`);
    const identity = { idNumber, name: '张三', mobile: `+86${mobile}` };
    s.identities.register(identity);
    const subject = `person:${(await s.h.deps.vault.lookupHash(identity.idNumber)).slice(0, 40)}`;
    await page.goto(`${base}/`);
    await page.fill('#contact', mobile);
    await page.click('button[type=submit]');
    await page.fill('#code', await latestSmsCode(s.smsEndpoint, mobile));
    await page.click('button[type=submit]');
    await page.waitForURL(/\/auth\/link/);
    await page.fill('#idNumber', identity.idNumber);
    await page.fill('#name', identity.name);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
    return { mobile, idNumber, name: identity.name, as: ['party', subject] as ['party', string] };
  }

  async function disputesOf(as: ['party', string]): Promise<Array<{ id: string; status: string }>> {
    const listed = await s.h.call('GET', '/v1/disputes', { as });
    expect(listed.status, listed.text).toBe(200);
    return listed.json.items;
  }

  it('signs in and files through the guided filing: category first, errors at the field with input kept and nothing filed, a retried post files once', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    const me = await signIn(page);
    const otherMobile = freshMobile();

    // "My cases" links the filing; the first step asks the category only.
    await chooseLanguage(browser.context, base, 'en');
    await page.goto(`${base}/`);
    const step1 = await submit(page, '[data-testid="file-link"]');
    expect(new URL(page.url()).pathname).toBe('/file');
    expect(await page.locator('#summary').count()).toBe(0);
    await expectAGoodPage(page, 'en', step1);
    // No category chosen: refused at the field.
    const none = await submit(page, '[data-testid="category-form"] button[type=submit]');
    expect(none?.status()).toBe(400);
    expect(await page.textContent('#category-error')).toBe('Choose a category');
    await expectAGoodPage(page, 'en', none);

    // The second step asks what this category needs.
    await page.selectOption('#category', 'traffic_accident');
    const step2 = await submit(page, '[data-testid="category-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="chosen-category"]')).toBe('Category: Traffic accident');
    expect(await page.textContent('label[for="q1"]')).toBe('When and where the accident happened');
    await expectAGoodPage(page, 'en', step2);
    for (const lang of ['zh'] as const) {
      await chooseLanguage(browser.context, base, lang);
      const zh = await page.goto(`${base}/file?category=online_shopping_contract`);
      expect(await page.textContent('label[for="q1"]')).toBe('购物平台和订单号');
      await expectAGoodPage(page, lang, zh);
    }

    // Bad input: a bad amount, a bad ID number, no contact for the other party, an unanswered
    // question. Each is refused at its field, in the page's language, with what was typed kept.
    await page.fill('#q1', '某电商平台，订单 20261101-8899');
    await page.fill('#amount', '3200.999');
    await page.fill('#summary', '卖家发来的笔记本电脑屏幕破裂，拒绝退款。');
    await page.fill('#regionCode', '440304');
    await page.fill('#otherName', '深圳好货有限公司');
    await page.fill('#otherId', '91440300MA5ABCDE1X');
    await page.fill('#ownName', me.name);
    await page.fill('#ownId', '123');
    await page.fill('#ownPhone', me.mobile);
    const refused = await submit(page, '[data-testid="filing-form"] button[type=submit]');
    expect(refused?.status()).toBe(400);
    expect(await page.textContent('#amount-error')).toBe('请填写金额，例如 3200.00');
    expect(await page.getAttribute('#amount', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#otherPhone-error')).toBe('请填写对方的手机号码或电子邮箱');
    expect(await page.locator('#ownId-error').count()).toBe(1);
    expect(await page.textContent('#q2-error')).toBe('此项必填');
    expect(await page.locator('#q1-error').count()).toBe(0);
    expect(await page.inputValue('#q1')).toBe('某电商平台，订单 20261101-8899');
    expect(await page.inputValue('#amount')).toBe('3200.999');
    expect(await page.inputValue('#otherName')).toBe('深圳好货有限公司');
    await expectAGoodPage(page, 'zh', refused);
    expect(await disputesOf(me.as)).toHaveLength(0);

    // Corrected, with the filer's own consent and an address for service: filed.
    await page.fill('#q2', '2026-11-20');
    await page.fill('#amount', '3200.00');
    await page.fill('#ownId', me.idNumber);
    await page.fill('#otherPhone', otherMobile);
    await page.check('#consent');
    await page.fill('#serviceEmail', 'zhang.san@example.com');
    const form = Object.fromEntries(
      await page.$$eval('[data-testid="filing-form"] [name]', (fields) =>
        fields.map((field) => {
          const input = field as unknown as { name: string; type: string; value: string; checked: boolean };
          return [input.name, input.type === 'checkbox' ? (input.checked ? input.value : '') : input.value];
        }),
      ),
    ) as Record<string, string>;
    const filed = await submit(page, '[data-testid="filing-form"] button[type=submit]');
    expect(filed?.status()).toBe(200);
    expect(page.url()).toMatch(/\/cases\/dsp_[A-Za-z0-9_-]+\?done=filed$/);
    expect(await page.textContent('[data-testid="done"]')).toBe('您的申请已提交，已邀请对方参加调解。');
    await expectAGoodPage(page, 'zh', filed);
    const [dispute, ...more] = await disputesOf(me.as);
    expect(more).toHaveLength(0);
    expect(dispute?.status).toBe('triaged');

    // The same form posted again (a double click, a reload): the case filed the first time, not a second one.
    const again = await page.request.post(`${base}/file`, { form, maxRedirects: 0, headers: { origin: base } });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe(`/cases/${dispute?.id}?done=filed`);
    expect(await disputesOf(me.as)).toHaveLength(1);
    await page.close();
  }, 180_000);
});
