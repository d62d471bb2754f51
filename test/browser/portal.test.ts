import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { eventually } from '../support/eventually';
import { type LoopbackSite, serveBehindLocalEdge } from '../support/local-edge';
import { chooseLanguage, expectAGoodPage, submit } from '../support/party-pages';
import { addAddresses, mobile, operator, secretsIn, serve } from '../support/portal-fixtures';
import { type ServiceHarness, seedPerson, startServiceHarness } from '../support/service-harness';

describe('recipient portal in Chromium, on the local stack', () => {
  let h: ServiceHarness;
  let site: LoopbackSite;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const consoleErrors: string[] = [];
  /** Failed responses other than the favicon the browser asks for by itself. */
  const failedResponses: string[] = [];

  beforeAll(async () => {
    h = await startServiceHarness();
    // Behind the local edge: the portal is reached as API Gateway would let a browser reach it.
    site = await serveBehindLocalEdge(h.app.fetch, h.tokens.authenticator());
    base = site.base;
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
        failedResponses.push(`${response.status()} ${response.url()}`);
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await h?.stop();
  });

  /** No horizontal scrolling at the phone's width. */
  async function fitsThePhone(current: Page): Promise<boolean> {
    return (await current.evaluate('document.documentElement.scrollWidth <= window.innerWidth')) as boolean;
  }

  it('email bounces, the SMS arrives, the recipient signs for the document in the portal, and the proof verifies', async () => {
    // Prepare: the first ranked address bounces (SES's simulator); the second is an SMS number
    // from a registration record, where only a signature in the portal serves.
    const person = await seedPerson(h.store);
    const bouncing = `bounce+${randomBytes(4).toString('hex')}@simulator.amazonses.com`;
    const phone = mobile();
    await addAddresses(h, person, [
      { channel: 'email', value: bouncing, source: 'recipient_designated' },
      { channel: 'sms', value: phone, source: 'registration_record' },
    ]);
    const served = await serve(h, person, operator, '民事裁定书（2025）粤0304民特123号');
    await eventually('one SMS reaches the recipient', () => h.smsTo(phone).length === 1, { timeout: 20_000 });
    expect(await h.emailsTo(bouncing)).toHaveLength(1);
    const sms = h.smsTo(phone)[0]?.message ?? '';
    const { token, code } = secretsIn(sms);
    const link = `${base}/r/${token}`;
    await page.setViewportSize({ width: 390, height: 844 });

    // Act: the recipient opens the link from the SMS on a phone-sized screen and proves who they are.
    await page.goto(link);
    expect(await page.getByTestId('title').textContent()).toContain('民事裁定书');
    expect(await fitsThePhone(page)).toBe(true);
    await page.fill('#code', code);
    await page.fill('#idLastDigits', person.idLast4);
    await page.click('form[data-testid="proof-form"] button[type="submit"]');
    await page.getByTestId('sha256').waitFor();

    // Assess: the document, its hash and a download with that hash.
    expect((await page.getByTestId('sha256').textContent())?.trim()).toBe(served.sha256);
    expect(await fitsThePhone(page)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const file = await readFile((await download.path()) as string);
    expect(createHash('sha256').update(file).digest('hex')).toBe(served.sha256);

    // Act: sign for receipt.
    await page.check('input[name="confirm"]');
    await page.click('form[data-testid="acknowledge-form"] button[type="submit"]');
    await page.getByTestId('signed').waitFor();
    expect(await fitsThePhone(page)).toBe(true);
    await page.screenshot({ path: '/tmp/portal.png', fullPage: true });

    // Assess: served by the signature, and the proof of service verifies.
    const closed = await h.whenClosed(served.recipientId);
    expect(closed.status).toBe('succeeded');
    const status = await h.call('GET', `/v1/services/${served.serviceId}`, { as: operator });
    expect(status.json.recipients[0]).toMatchObject({ status: 'served', rule: 'signed_for_in_portal' });
    const proof = await h.call('GET', `/v1/services/${served.serviceId}/proof`, { as: operator });
    expect(proof.status).toBe(200);
    expect(proof.json.chain.verification).toMatchObject({ intact: true });
    const [bounced, signedFor] = proof.json.recipients[0].attempts;
    expect(bounced).toMatchObject({ channel: 'email', outcome: 'hard_bounce' });
    expect(signedFor).toMatchObject({ channel: 'sms', outcome: 'acknowledged' });
    expect(proof.json.recipients[0].chain.verification, "the recipient's chain verifies").toMatchObject({
      intact: true,
    });
    expect(
      proof.json.recipients[0].chain.events.map((event: { type: string }) => event.type),
      "the recipient's chain records the portal opened",
    ).toContain('service.portal_opened');
    expect(consoleErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
  }, 90_000);

  it('gets a fresh code from the proof page with the button (no script), and only the fresh code opens the link', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    await addAddresses(h, person, [{ channel: 'sms', value: phone, source: 'registration_record' }]);
    await serve(h, person, operator, '民事裁定书（2025）粤0304民特124号');
    await eventually('one SMS reaches the recipient', () => h.smsTo(phone).length === 1, { timeout: 20_000 });
    const { token, code } = secretsIn(h.smsTo(phone)[0]?.message ?? '');
    await page.setViewportSize({ width: 390, height: 844 });

    // Act: ask for a new code from the proof page, then try the old one and the new one.
    await page.goto(`${base}/r/${token}`);
    await page.click('form[data-testid="fresh-code-form"] button[type="submit"]');
    await page.getByTestId('problems').waitFor();
    expect(await page.textContent('h1')).toBe('新验证码已发送');
    expect(await fitsThePhone(page)).toBe(true);
    await eventually('the fresh code reaches the same phone', () => h.smsTo(phone).length === 2, { timeout: 20_000 });
    const fresh = h.smsTo(phone)[1]?.message ?? '';
    const freshCode = /(?:验证码|code) (\d{6})/.exec(fresh)?.[1] as string;
    await page.goto(`${base}/r/${token}`);
    if (freshCode !== code) {
      await page.fill('#code', code);
      await page.fill('#idLastDigits', person.idLast4);
      await page.click('form[data-testid="proof-form"] button[type="submit"]');
      await page.getByTestId('problems').waitFor();
      failedResponses.length = 0; // the refused old code is the 422 this step expects
    }
    await page.fill('#code', freshCode);
    await page.fill('#idLastDigits', person.idLast4);
    await page.click('form[data-testid="proof-form"] button[type="submit"]');
    await page.getByTestId('sha256').waitFor();

    // Assess: signed 【…】 with the attempt's reference; no console errors, nothing else refused.
    expect(fresh).toMatch(/^【[^】]+】/);
    expect(fresh).toMatch(/SD[0-9A-Z]{10}/);
    expect(consoleErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
  }, 90_000);

  for (const lang of ['zh', 'en'] as const) {
    it(`(${lang}) every portal page is axe-clean at phone and laptop sizes and under 60 KB; bad input is shown at its field, kept, and changes nothing`, async () => {
      const person = await seedPerson(h.store);
      const phone = mobile();
      await addAddresses(h, person, [{ channel: 'sms', value: phone, source: 'registration_record' }]);
      await serve(h, person, operator, '民事裁定书（2025）粤0304民特125号');
      await eventually('one SMS reaches the recipient', () => h.smsTo(phone).length === 1, { timeout: 20_000 });
      const { token, code } = secretsIn(h.smsTo(phone)[0]?.message ?? '');
      const wrong = code === '000000' ? '000001' : '000000';
      await chooseLanguage(browser.context, base, lang);

      const proofPage = await page.goto(`${base}/r/${token}`);
      await expectAGoodPage(page, lang, proofPage);
      // A wrong code: at its field with the tries left, both fields kept, no session.
      await page.fill('#code', wrong);
      await page.fill('#idLastDigits', person.idLast4);
      const refused = await submit(page, 'form[data-testid="proof-form"] button[type="submit"]');
      expect(refused?.status()).toBe(422);
      expect(await page.textContent('#code-error')).toMatch(lang === 'zh' ? /还可尝试 4 次/ : /4 tries left/);
      expect(await page.inputValue('#code')).toBe(wrong);
      expect(await page.inputValue('#idLastDigits')).toBe(person.idLast4);
      await expectAGoodPage(page, lang, refused);
      expect((await browser.context.cookies(`${base}/r/${token}`)).some((c) => c.name === 'portal_session')).toBe(
        false,
      );

      // The document; signing for receipt without the confirmation: at its field, nothing signed.
      await page.fill('#code', code);
      const opened = await submit(page, 'form[data-testid="proof-form"] button[type="submit"]');
      expect(opened?.status()).toBe(200);
      await expectAGoodPage(page, lang, opened);
      const unticked = await submit(page, 'form[data-testid="acknowledge-form"] button[type="submit"]');
      expect(unticked?.status()).toBe(400);
      expect(await page.textContent('#confirm-error')).toBe(
        lang === 'zh' ? '请勾选确认后再签收' : 'Tick the confirmation first',
      );
      await expectAGoodPage(page, lang, unticked);
      await page.check('#confirm');
      const signed = await submit(page, 'form[data-testid="acknowledge-form"] button[type="submit"]');
      expect(await page.textContent('[data-testid="signed"]')).toMatch(lang === 'zh' ? /北京时间/ : /Beijing time/);
      await expectAGoodPage(page, lang, signed);

      // A link that is not one.
      await expectAGoodPage(page, lang, await page.goto(`${base}/r/${randomBytes(24).toString('base64url')}`));
      failedResponses.length = 0; // the 422, 400 and 404 above are the answers this test expects
    }, 120_000);
  }

  it('shows the verification page at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/verify?ref=SD23456789AB`);
    expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe('unknown');
    expect(await fitsThePhone(page)).toBe(true);
  });
});
