import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../infra/local/totp';
import { filing } from '../support/mediation-api';
import { enterSignInCode, type PartySite, startPartySite } from '../support/party-site';
import { freshMobile } from '../support/sign-in-harness';

describe('people sign in with Chromium (managed login, locally)', () => {
  let site: PartySite;
  let s: PartySite['s'];
  let base: string;
  let browser: PartySite['browser'];

  beforeAll(async () => {
    // As `npm start` serves it (test/support/party-site.ts).
    site = await startPartySite();
    ({ s, base, browser } = site);
  }, 120_000);

  afterAll(async () => {
    await site?.stop();
  });

  it('a party signs in with the one-time code from the local SMS gateway, proves who it is and reaches its cases', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8_000);
    const mobile = freshMobile();
    const identity = { idNumber: '440301199001011234', name: '张三', mobile: `+86${mobile}` };
    s.identities.register(identity);
    const subject = `person:${(await s.h.deps.vault.lookupHash(identity.idNumber)).slice(0, 40)}`;
    const filed = await s.h.call('POST', '/v1/disputes', { as: ['party', subject], body: filing() });
    expect(filed.status).toBe(201);
    await page.goto(`${base}/cases`);
    // Sent to the local issuer's sign-in page.
    expect(new URL(page.url()).pathname).toBe('/local-issuer/oauth2/authorize');
    await enterSignInCode(site, page, mobile);
    // First sign-in: the link page, then the person's cases.
    await page.waitForURL(`${base}/auth/link?return=%2Fcases`);
    await page.fill('#idNumber', identity.idNumber);
    await page.fill('#name', identity.name);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/cases`);
    expect(await page.textContent('h1')).toContain('我的案件');
    // No token is readable by the page's script.
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.locator(`[data-dispute-id="${filed.json.id}"]`).count()).toBe(1);

    await page.click('[data-testid="sign-out-form"] button[type=submit]');
    await page.goto(`${base}/cases`);
    expect(new URL(page.url()).pathname).toBe('/local-issuer/oauth2/authorize');
    await page.close();
  });

  it('an operator signs in with password and TOTP', async () => {
    const secret = 'BROWSEROPERATORSECRETABCDEFGHIJK';
    await s.login.addStaffUser({
      username: 'op-browser',
      password: 'a long password',
      groups: ['operator'],
      totpSecret: secret,
    });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(`${base}/auth/sign-in?pool=staff&return=/service-centre`);
    await page.fill('#username', 'op-browser');
    await page.fill('#password', 'a long password');
    await page.fill('#totp', totp(secret));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/service-centre`);
    // The operator's own page, signed in (the party's pages answer staff 403).
    expect(await page.locator('form[action="/service-centre/sign-out"]').count()).toBeGreaterThan(0);
    const cookies = await browser.context.cookies(base);
    const session = cookies.find((cookie) => cookie.name === 'platform-session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await page.close();
  });
});
