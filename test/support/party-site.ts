import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Page } from 'playwright-core';
import { withLocalIssuer } from '../../infra/local/local-issuer';
import { residentIdCheckCharacter } from '../../shared/domain/id-number';
import { launchChromium } from './browser';
import { behindLocalEdge, serveOnLoopback } from './local-edge';
import { freshMobile, latestSmsCode, signInHarness } from './sign-in-harness';

/*
 * The site a browser test of people's pages talks to, started as `npm start` serves it: the app
 * with people's sign-in (test/support/sign-in-harness.ts) behind the local edge, the local issuer's
 * managed-login pages beside it, on a loopback port of its own, and a fresh headless Chromium.
 * Shared by the party and sign-in browser tests (test/browser/party-*.test.ts, sign-in.test.ts).
 */

export type PartySite = Awaited<ReturnType<typeof startPartySite>>;

/** A free loopback port, so the issuer and the callback can be configured with the server's own address. */
export async function freePort(): Promise<number> {
  const probe = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: () => new Response(''), port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts the site and the browser; `stop` ends both (and the carrier's register). `options` are
 * the sign-in harness's, without the public address (the site's own).
 */
export async function startPartySite(
  options: Omit<NonNullable<Parameters<typeof signInHarness>[0]>, 'publicBaseUrl'> = {},
) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const s = await signInHarness({ ...options, publicBaseUrl: base });
  // The app behind the local edge (/auth/* and /cases must be routes API Gateway lets through),
  // the issuer's sign-in pages beside it where Cognito's domain would be.
  const edge = withLocalIssuer(
    s.h.tokens,
    await behindLocalEdge((request: Request) => s.app.fetch(request), s.h.tokens.authenticator()),
    s.login,
  );
  const server = await serveOnLoopback(edge, port);
  const browser = await launchChromium().catch(async (error) => {
    await s.identities.stop();
    await server.close();
    throw error;
  });
  return {
    s,
    base,
    browser,
    stop: async () => {
      await browser.close();
      await s.identities.stop();
      await server.close();
    },
  };
}

/** A person the carrier knows: a resident ID number with its GB 11643 check character, a name, a mobile of its own. */
export interface KnownPerson {
  mobile: string;
  idNumber: string;
  name: string;
  /** The principal the API knows the person as once a sign-in is linked to it. */
  as: ['party', string];
}

/**
 * Registers a fresh person with the carrier's register (the identity provider emulator), so that
 * its sign-in can be linked by ID number and name, or after joining by invitation.
 */
export async function knownPerson(site: PartySite, name = '张三', birth = '19900101'): Promise<KnownPerson> {
  const mobile = freshMobile();
  const first17 = `440301${birth}${String(randomInt(100, 1000))}`;
  const idNumber = first17 + residentIdCheckCharacter(first17);
  site.s.identities.register({ idNumber, name, mobile: `+86${mobile}` });
  const deps = site.s.h.httpDeps ?? site.s.h.deps;
  const subject = `person:${(await deps.vault.lookupHash(idNumber)).slice(0, 40)}`;
  return { mobile, idNumber, name, as: ['party', subject] };
}

/** On the local issuer's sign-in page (where the browser now is): the mobile, then the code the SMS gateway got. */
export async function enterSignInCode(site: PartySite, page: Page, mobile: string): Promise<void> {
  await page.fill('#contact', mobile);
  await page.click('button[type=submit]');
  await page.fill('#code', await latestSmsCode(site.s.smsEndpoint, mobile));
  await page.click('button[type=submit]');
}

/**
 * Signs `person` in on the pages from `/`: the issuer's code, then (first sign-in) the link page
 * with its ID number and name; answers when the browser is back on "My cases".
 */
export async function signInOnPages(site: PartySite, page: Page, person: KnownPerson): Promise<void> {
  await page.goto(`${site.base}/`);
  await enterSignInCode(site, page, person.mobile);
  await page.waitForURL(/\/auth\/link/);
  await page.fill('#idNumber', person.idNumber);
  await page.fill('#name', person.name);
  await page.click('button[type=submit]');
  await page.waitForURL(`${site.base}/`);
}
