import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLocalIssuer } from '../../infra/local/local-issuer';
import { totp } from '../../infra/local/totp';
import { launchChromium } from '../support/browser';
import { behindLocalEdge } from '../support/local-edge';
import { filing } from '../support/mediation-api';
import { freshMobile, latestSmsCode, signInHarness } from '../support/sign-in-harness';

/** A free loopback port, so the issuer and the callback can be configured with the server's own address. */
async function freePort(): Promise<number> {
  const probe = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: () => new Response(''), port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('people sign in with Chromium (managed login, locally)', () => {
  let s: Awaited<ReturnType<typeof signInHarness>>;
  let server: ServerType;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    s = await signInHarness({ publicBaseUrl: base });
    // As `npm start` serves it: the app behind the local edge (/auth/* and /cases must be routes API
    // Gateway lets through), the issuer's sign-in pages beside it where Cognito's domain would be.
    const edge = withLocalIssuer(
      s.h.tokens,
      await behindLocalEdge((request: Request) => s.app.fetch(request), s.h.tokens.authenticator()),
      s.login,
    );
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: edge, port, hostname: '127.0.0.1' }, () => resolve(started));
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await s?.identities.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
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
    await page.fill('#contact', mobile);
    await page.click('button[type=submit]');
    await page.fill('#code', await latestSmsCode(s.smsEndpoint, mobile));
    await page.click('button[type=submit]');
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

    await page.goto(`${base}/auth/sign-out`);
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
    await page.goto(`${base}/auth/sign-in?pool=staff&return=/cases`);
    await page.fill('#username', 'op-browser');
    await page.fill('#password', 'a long password');
    await page.fill('#totp', totp(secret));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/cases`);
    expect(await page.textContent('h1')).toContain('我的案件');
    const cookies = await browser.context.cookies(base);
    const session = cookies.find((cookie) => cookie.name === 'platform-session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await page.close();
  });
});
