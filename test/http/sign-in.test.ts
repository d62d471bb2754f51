import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCookieName, sessionCookieName, signInCookieName } from '../../functions/http/auth/page-session';
import { newCodeVerifier } from '../../functions/http/auth/pkce';
import { localPartiesClientId } from '../../infra/local/local-issuer';
import { totp } from '../../infra/local/totp';
import { filing, filingAgainstPerson, invitationsOf, linkedParty } from '../support/mediation-api';
import {
  CookieJarClient,
  csrfFrom,
  freshMobile,
  latestSmsCode,
  loginIdFrom,
  partyToCallback,
  signInHarness,
} from '../support/sign-in-harness';

type Harness = Awaited<ReturnType<typeof signInHarness>>;

/** The sign-out form's token, as a signed-in page's header (or GET /auth/sign-out) writes it. */
function signOutTokenFrom(page: string): string {
  const token =
    /<form method="post" action="\/auth\/sign-out"[^>]*>\s*<input type="hidden" name="signOutCsrf" value="([^"]+)"/.exec(
      page,
    )?.[1];
  if (!token) throw new Error('no sign-out form on the page');
  return token;
}

describe('people sign in through managed login (authorization code with PKCE)', () => {
  let s: Harness;

  beforeAll(async () => {
    s = await signInHarness();
  });
  afterAll(() => s?.identities.stop());

  it('signs a party in with a one-time code by SMS, links it to its person, and shows that person’s cases', async () => {
    // Prepare: a person the carrier knows under this mobile, and a dispute filed as that person.
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const mobile = freshMobile();
    const identity = { idNumber: '440301199001011234', name: '张三', mobile: `+86${mobile}` };
    s.identities.register(identity);
    const filed = await s.h.call('POST', '/v1/disputes', {
      as: await linkedParty(s.h.deps.vault, identity.idNumber),
      body: filing(),
    });
    expect(filed.status).toBe(201);
    const start = await browser.request('/auth/sign-in?pool=parties&return=/cases');
    const authorizeUrl = new URL(start.headers.get('location') as string);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('client_id')).toBe(localPartiesClientId);
    const txn = browser.cookies.get(signInCookieName);
    expect(txn?.raw).toMatch(/HttpOnly/);
    expect(txn?.raw).toMatch(/SameSite=Lax/);
    expect(txn?.raw).toMatch(/Path=\/auth/);

    // Act: sign in, then prove who it is on the first sign-in.
    const callback = await partyToCallback(s, browser, mobile);
    const back = await browser.request(callback);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/auth/link?return=%2Fcases');
    const session = browser.cookies.get(sessionCookieName);
    expect(session?.raw).toMatch(/HttpOnly/);
    expect(session?.raw).toMatch(/SameSite=Lax/);
    expect(session?.raw).toMatch(/Path=\//);
    expect(session?.raw).not.toMatch(/Secure/); // http://localhost only; Secure elsewhere
    expect(browser.cookies.has(signInCookieName)).toBe(false);
    expect((await browser.request('/cases')).headers.get('location')).toBe('/auth/link?return=%2Fcases');
    const linkPage = await (await browser.request('/auth/link?return=%2Fcases')).text();
    expect(linkPage).toContain('***'); // the signed-in mobile, masked
    const linked = await browser.request('/auth/link', {
      form: { csrf: csrfFrom(linkPage), return: '/cases', idNumber: identity.idNumber, name: identity.name },
    });

    // Assess: linked, and the person's own cases.
    expect(linked.status).toBe(303);
    expect(linked.headers.get('location')).toBe('/cases');
    const cases = await browser.request('/cases');
    expect(cases.status).toBe(200);
    expect(await cases.text()).toContain(filed.json.id);
    // The same sign-in's bearer token on the API: its sub resolves to the person as well.
    const mine = await s.h.call('GET', '/v1/disputes', { as: ['party', s.login.partySub(mobile) as string] });
    expect(mine.status).toBe(200);
    expect(mine.json.items.map((dispute: { id: string }) => dispute.id)).toEqual([filed.json.id]);
  });

  it('links a respondent who has just joined by invitation: its first sign-in needs only the carrier check', async () => {
    // Prepare: a dispute whose respondent is a person the carrier knows under the invited mobile.
    const mobile = freshMobile();
    const respondent = { idNumber: '440309198512120017', name: '王五' };
    s.identities.register({ ...respondent, mobile: `+86${mobile}` });
    const filed = await s.h.call('POST', '/v1/disputes', {
      as: await linkedParty(s.h.deps.vault),
      body: filingAgainstPerson({ ...respondent, phone: mobile }),
    });
    expect(filed.status, filed.text).toBe(201);
    const [invitation] = await invitationsOf(s.h, filed.json.id);
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);

    // Act: join with the code and ID digits, follow "sign in to follow your case", confirm.
    const joined = await browser.request(`/join/${invitation?.token}`, {
      form: { code: invitation?.code ?? '', idLastDigits: respondent.idNumber.slice(-4) },
    });
    expect(joined.status).toBe(201);
    expect(await joined.text()).toContain('/auth/sign-in?pool=parties');
    await browser.request(await partyToCallback(s, browser, mobile));
    const linkPage = await (await browser.request('/auth/link?return=%2Fcases')).text();
    expect(linkPage).toContain('王五');
    const linked = await browser.request('/auth/link', {
      form: { csrf: csrfFrom(linkPage), return: '/cases', via: 'invitation' },
    });

    // Assess: linked to the respondent's person, whose case it now sees.
    expect(linked.status).toBe(303);
    expect(browser.cookies.has('platform-joined')).toBe(false);
    const cases = await browser.request('/cases');
    expect(cases.status).toBe(200);
    expect(await cases.text()).toContain(filed.json.id);
  });

  it('refuses a second account claiming a linked person (409, what to do next) and a name the carrier does not confirm (422)', async () => {
    const identity = { idNumber: '110101198001010053', name: '李四', mobile: `+86${freshMobile()}` };
    s.identities.register(identity);
    const first = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await first.request(await partyToCallback(s, first, identity.mobile.slice(3)));
    const firstPage = await (await first.request('/auth/link')).text();
    const wrongName = await first.request('/auth/link', {
      form: { csrf: csrfFrom(firstPage), idNumber: identity.idNumber, name: '李五' },
    });
    expect(wrongName.status).toBe(422);
    const ok = await first.request('/auth/link', {
      form: { csrf: csrfFrom(await wrongName.text()), idNumber: identity.idNumber, name: identity.name },
    });
    expect(ok.status).toBe(303);

    // Another mobile, registered to the same person too, signs in and claims the same person.
    const otherMobile = freshMobile();
    s.identities.register({ ...identity, mobile: `+86${otherMobile}` });
    const second = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await second.request(await partyToCallback(s, second, otherMobile));
    const secondPage = await (await second.request('/auth/link')).text();
    const before = (await s.h.allItems()).length;
    const claim = await second.request('/auth/link', {
      form: { csrf: csrfFrom(secondPage), idNumber: identity.idNumber, name: identity.name },
    });
    expect(claim.status).toBe(409);
    expect(await claim.text()).toContain('already linked to another sign-in');
    expect((await s.h.allItems()).length).toBe(before);
    expect((await second.request('/cases')).headers.get('location')).toBe('/auth/link?return=%2Fcases');
  });

  it('asks the carrier at most five refused times a day for one sign-in: then 429 with Retry-After, even for the right name', async () => {
    const identity = { idNumber: '110101198001010077', name: '王五', mobile: `+86${freshMobile()}` };
    s.identities.register(identity);
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await browser.request(await partyToCallback(s, browser, identity.mobile.slice(3)));
    let page = await (await browser.request('/auth/link')).text();
    const statuses: number[] = [];
    for (const name of ['王一', '王二', '王三', '王四', '王六']) {
      const wrong = await browser.request('/auth/link', {
        form: { csrf: csrfFrom(page), idNumber: identity.idNumber, name },
      });
      statuses.push(wrong.status);
      page = await wrong.text();
    }

    const held = await browser.request('/auth/link', {
      form: { csrf: csrfFrom(page), idNumber: identity.idNumber, name: identity.name },
    });

    expect(statuses).toEqual([422, 422, 422, 422, 422]);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(23 * 3600);
    expect(await held.text()).toContain('Too many identity checks');
    expect((await browser.request('/cases')).headers.get('location'), 'still not linked').toBe(
      '/auth/link?return=%2Fcases',
    );
  });

  it('gives the same sub at every sign-in with the same mobile', async () => {
    const mobile = freshMobile();
    await new CookieJarClient(s.fetch, s.publicBaseUrl).request(
      await partyToCallback(s, new CookieJarClient(s.fetch, s.publicBaseUrl), mobile),
    );
    const first = s.login.partySub(mobile);
    const again = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await again.request(await partyToCallback(s, again, mobile));
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.login.partySub(`+86${mobile}`)).toBe(first);
  });

  it('refuses a callback without state and sets nothing', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const callback = new URL(await partyToCallback(s, browser, freshMobile()));
    callback.searchParams.delete('state');
    const answer = await browser.request(`${callback.pathname}${callback.search}`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('state');
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(browser.cookies.has(sessionCookieName)).toBe(false);
  });

  it('names an authorization server’s error code on the refused callback, but never shows other text from the link', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const planted = '请拨打客服 400-123-4567 领取退款 call 400-123-4567 for your refund';
    const spoofed = await browser.request(`/auth/callback?error=${encodeURIComponent(planted)}`);
    const denied = await browser.request('/auth/callback?error=access_denied');

    expect([spoofed.status, denied.status]).toEqual([400, 400]);
    const spoofedPage = await spoofed.text();
    expect(spoofedPage).not.toContain('400-123-4567');
    expect(spoofedPage).toContain('The sign-in did not complete');
    expect(await denied.text()).toContain('(access_denied)');
  });

  it('refuses a callback whose state is not the one this browser was sent out with', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const callback = new URL(await partyToCallback(s, browser, freshMobile()));
    callback.searchParams.set('state', 'someone-elses-state-value-0123456789');
    const answer = await browser.request(`${callback.pathname}${callback.search}`);
    expect(answer.status).toBe(400);
    expect(browser.cookies.has(sessionCookieName)).toBe(false);
  });

  it('refuses a callback from a browser that never started the sign-in (no sign-in cookie)', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const callback = await partyToCallback(s, browser, freshMobile());
    const other = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const answer = await other.request(callback);
    expect(answer.status).toBe(400);
    expect(other.cookies.has(sessionCookieName)).toBe(false);
  });

  it('refuses a replayed authorization code: the issuer answers invalid_grant and the page says so', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const callback = await partyToCallback(s, browser, freshMobile());
    const txn = browser.cookies.get(signInCookieName);
    expect((await browser.request(callback)).status).toBe(303);

    // The same callback again, with the sign-in cookie as it was (an attacker who copied both).
    const replay = new CookieJarClient(s.fetch, s.publicBaseUrl);
    replay.cookies.set(signInCookieName, txn as { value: string; path: string; raw: string });
    const answer = await replay.request(callback);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('invalid_grant');
    expect(replay.cookies.has(sessionCookieName)).toBe(false);
  });

  it('refuses a code redeemed with the wrong PKCE verifier, and spends it', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const callback = await partyToCallback(s, browser, freshMobile());
    const code = new URL(callback).searchParams.get('code') as string;
    const redeem = (verifier: string) =>
      s.fetch(
        new Request('http://localhost:3000/local-issuer/oauth2/token', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: localPartiesClientId,
            code,
            redirect_uri: 'http://localhost:3000/auth/callback',
            code_verifier: verifier,
          }).toString(),
        }),
      );
    const wrong = await redeem(newCodeVerifier());
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    // The browser's own callback (with the right verifier in its cookie) cannot use it afterwards: a code is tried once.
    const again = await browser.request(callback);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('invalid_grant');
  });

  it('locks a sign-in after five wrong one-time codes, and the right code no longer works', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const mobile = freshMobile();
    const start = await browser.request('/auth/sign-in?pool=parties');
    const authorizePath = new URL(start.headers.get('location') as string);
    const login = loginIdFrom(await (await browser.request(authorizePath.href)).text());
    await browser.request(authorizePath.pathname, { form: { login, step: 'contact', contact: mobile } });
    const right = await latestSmsCode(s.smsEndpoint, mobile);
    const wrong = right === '000000' ? '111111' : '000000';
    const answers: number[] = [];
    let last = '';
    for (let i = 0; i < 5; i++) {
      const answer = await browser.request(authorizePath.pathname, { form: { login, step: 'code', code: wrong } });
      answers.push(answer.status);
      last = await answer.text();
    }
    expect(answers).toEqual([400, 400, 400, 400, 423]);
    expect(last).toContain('locked');
    const late = await browser.request(authorizePath.pathname, { form: { login, step: 'code', code: right } });
    expect(late.status).toBe(400);
    expect(late.headers.get('location')).toBeNull();
    expect(s.login.partySub(mobile)).toBeUndefined();
  });

  it('sends at most ten sign-in codes an hour to one mobile: another start is refused with Retry-After and sends nothing', async () => {
    const mobile = freshMobile();
    const other = freshMobile();
    const smsCount = async (to: string) => {
      const messages = (await (await fetch(`${s.smsEndpoint}/messages`)).json()) as Array<{ phoneNumber: string }>;
      return messages.filter((sms) => sms.phoneNumber.endsWith(to)).length;
    };
    const askForCode = async (contact: string) => {
      const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
      const start = await browser.request('/auth/sign-in?pool=parties');
      const authorizePath = new URL(start.headers.get('location') as string);
      const login = loginIdFrom(await (await browser.request(authorizePath.href)).text());
      return browser.request(authorizePath.pathname, { form: { login, step: 'contact', contact } });
    };

    const answers: number[] = [];
    for (let i = 0; i < 10; i++) answers.push((await askForCode(mobile)).status);
    const refused = await askForCode(mobile);

    expect(answers).toEqual(Array.from({ length: 10 }, () => 200));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Too many codes');
    expect(await smsCount(mobile)).toBe(10);
    expect((await askForCode(other)).status, 'another mobile still gets its code').toBe(200);
  });

  it('never holds up a person who signs in again and again: a code that signed in does not count', async () => {
    const mobile = freshMobile();
    const subs = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
      const back = await browser.request(await partyToCallback(s, browser, mobile));
      expect(back.status).toBe(303);
      subs.add(s.login.partySub(mobile) as string);
    }
    expect(subs.size).toBe(1);
  });

  it('signs an operator in with password and TOTP, and refuses a wrong TOTP', async () => {
    const secret = 'OPERATORTESTSECRETABCDEFGHIJKLMN';
    await s.login.addStaffUser({
      username: 'op-test',
      password: 'correct horse',
      groups: ['operator'],
      totpSecret: secret,
    });
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const start = await browser.request('/auth/sign-in?pool=staff&return=/cases');
    const authorize = new URL(start.headers.get('location') as string);
    const login = loginIdFrom(await (await browser.request(authorize.href)).text());
    const refused = await browser.request(authorize.pathname, {
      form: { login, username: 'op-test', password: 'correct horse', totp: totp(secret, Date.now() - 5 * 60_000) },
    });
    expect(refused.status).toBe(400);
    const done = await browser.request(authorize.pathname, {
      form: { login, username: 'op-test', password: 'correct horse', totp: totp(secret) },
    });
    expect(done.status).toBe(302);
    const back = await browser.request(done.headers.get('location') as string);
    expect(back.status).toBe(303);
    expect(browser.cookies.has(sessionCookieName)).toBe(true);
  });

  it('lets a signed-in operator into the service centre and a mediator into the inbox, on the same session', async () => {
    for (const [username, group, page, marker] of [
      ['op-centre', 'operator', '/service-centre', 'centre-sign-out'],
      ['med-inbox', 'mediator', '/inbox', 'inbox-sign-out'],
    ] as const) {
      const secret = `${group.toUpperCase()}PAGESECRETABCDEFGHIJKLMNOP`.slice(0, 32);
      await s.login.addStaffUser({ username, password: 'correct horse', groups: [group], totpSecret: secret });
      const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
      const before = await (await browser.request(page)).text();
      expect(before, page).toContain('data-testid="managed-sign-in"');
      const start = await browser.request(`/auth/sign-in?pool=staff&return=${page}`);
      const authorize = new URL(start.headers.get('location') as string);
      const login = loginIdFrom(await (await browser.request(authorize.href)).text());
      const done = await browser.request(authorize.pathname, {
        form: { login, username, password: 'correct horse', totp: totp(secret) },
      });
      const back = await browser.request(done.headers.get('location') as string);
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe(page);
      const after = await browser.request(page);
      expect(after.status, page).toBe(200);
      const text = await after.text();
      expect(text, page).not.toContain('data-testid="managed-sign-in"');
      expect(text, `${page} shows the signed-in page (${marker})`).toMatch(/sign-out|退出/);
    }
  });

  it('keeps a staff session out of the party’s pages, as the API keeps staff from filing', async () => {
    const secret = 'MEDIATORPARTYPAGESECRETABCDEFGH2';
    await s.login.addStaffUser({
      username: 'med-party',
      password: 'correct horse',
      groups: ['mediator'],
      totpSecret: secret,
    });
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const start = await browser.request('/auth/sign-in?pool=staff&return=/inbox');
    const authorize = new URL(start.headers.get('location') as string);
    const login = loginIdFrom(await (await browser.request(authorize.href)).text());
    const done = await browser.request(authorize.pathname, {
      form: { login, username: 'med-party', password: 'correct horse', totp: totp(secret) },
    });
    expect((await browser.request(done.headers.get('location') as string)).status).toBe(303);
    for (const page of ['/cases', '/file?category=online_shopping_contract']) {
      const refused = await browser.request(page);
      expect(refused.status, page).toBe(403);
      expect(await refused.text(), page).toContain('/inbox');
    }
    const filingPage = await browser.request('/file', { form: { category: 'online_shopping_contract' } });
    expect(filingPage.status).not.toBe(200);
  });

  it('treats a tampered session cookie as no session', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await browser.request(await partyToCallback(s, browser, freshMobile()));
    const session = browser.cookies.get(sessionCookieName) as { value: string; path: string; raw: string };
    const flipped = `${session.value.slice(0, 40)}${session.value[40] === 'A' ? 'B' : 'A'}${session.value.slice(41)}`;
    browser.cookies.set(sessionCookieName, { ...session, value: flipped });
    const answer = await browser.request('/cases');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toContain('/auth/sign-in');
  });

  it('sends a visitor without a session to the parties sign-in, and only to paths on this site', async () => {
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    expect((await browser.request('/cases')).headers.get('location')).toBe(
      '/auth/sign-in?pool=parties&return=%2Fcases',
    );
    const callback = await (async () => {
      const start = await browser.request('/auth/sign-in?pool=parties&return=//evil.example/x');
      expect(start.status).toBe(302);
      const authorize = new URL(start.headers.get('location') as string);
      const login = loginIdFrom(await (await browser.request(authorize.href)).text());
      const mobile = freshMobile();
      await browser.request(authorize.pathname, { form: { login, step: 'contact', contact: mobile } });
      const code = await latestSmsCode(s.smsEndpoint, mobile);
      return (await browser.request(authorize.pathname, { form: { login, step: 'code', code } })).headers.get(
        'location',
      ) as string;
    })();
    expect((await browser.request(callback)).headers.get('location')).toBe('/auth/link?return=%2Fcases');
  });
});

describe('the managed login refuses a logout it cannot vouch for', () => {
  it.each([
    ['an unknown client', { client_id: 'someone-else' }],
    ['an unregistered logout URI', { logout_uri: 'https://evil.example/' }],
  ])('answers 400 to %s and redirects nowhere', async (_, change) => {
    const s = await signInHarness();
    const query = new URLSearchParams({
      client_id: s.signIn.pools.parties?.clientId ?? '',
      logout_uri: `${s.publicBaseUrl}/auth/signed-out`,
      ...change,
    });
    const response = await s.fetch(new Request(`${s.signIn.pools.parties?.logoutUrl}?${query}`));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    await s.identities.stop();
  });
});

describe('sign-out is a form with its CSRF token', () => {
  it('signs out from the button on a signed-in page, never from a GET or a post without the page’s token', async () => {
    // Prepare: a party signed in and linked, on its cases page
    const s = await signInHarness();
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    const mobile = freshMobile();
    const identity = { idNumber: '440301199001011234', name: '张三', mobile: `+86${mobile}` };
    s.identities.register(identity);
    await browser.request(await partyToCallback(s, browser, mobile));
    const linkPage = await (await browser.request('/auth/link?return=%2Fcases')).text();
    await browser.request('/auth/link', {
      form: { csrf: csrfFrom(linkPage), return: '/cases', idNumber: identity.idNumber, name: identity.name },
    });
    const cases = await (await browser.request('/cases')).text();
    const token = signOutTokenFrom(cases);
    expect(cases).not.toContain('href="/auth/sign-out"');
    const signedIn = async () => (await browser.request('/cases')).status === 200;

    // Act and assess: what another site can make a browser send signs nothing out
    const byLink = await browser.request('/auth/sign-out');
    expect(byLink.status).toBe(200);
    expect(await byLink.text()).toContain('action="/auth/sign-out"');
    expect(await signedIn()).toBe(true);
    const noToken = await browser.request('/auth/sign-out', { form: {} });
    const wrongToken = await browser.request('/auth/sign-out', { form: { signOutCsrf: 'x'.repeat(43) } });
    expect([noToken.status, wrongToken.status]).toEqual([403, 403]);
    expect(await signedIn()).toBe(true);

    // The page's own button signs out
    const out = await browser.request('/auth/sign-out', { form: { signOutCsrf: token } });
    expect(out.status).toBe(303);
    expect(browser.cookies.has(sessionCookieName)).toBe(false);
    expect(await signedIn()).toBe(false);
    await s.identities.stop();
  });
});

describe('page sessions refresh before expiry and sign-out revokes', () => {
  it('opens nothing with a copy of the session cookie taken before sign-out, while its access token is still valid', async () => {
    // Prepare: a party signed in with the default hour-long access token, its cookies copied (a stolen copy).
    const s = await signInHarness();
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await browser.request(await partyToCallback(s, browser, freshMobile()));
    expect((await browser.request('/auth/link')).status).toBe(200);
    type Cookie = { value: string; path: string; raw: string };
    const session = browser.cookies.get(sessionCookieName) as Cookie;
    const refresh = browser.cookies.get(refreshCookieName) as Cookie;

    // Act: the party signs out with the page's button; then the copy is sent, with and without the refresh cookie.
    const button = await browser.request('/auth/sign-out');
    const out = await browser.request('/auth/sign-out', {
      form: { signOutCsrf: signOutTokenFrom(await button.text()) },
    });
    expect(out.status).toBe(303);
    const both = new CookieJarClient(s.fetch, s.publicBaseUrl);
    both.cookies.set(sessionCookieName, session);
    both.cookies.set(refreshCookieName, refresh);
    const alone = new CookieJarClient(s.fetch, s.publicBaseUrl);
    alone.cookies.set(sessionCookieName, session);
    const answers = [await both.request('/auth/link'), await alone.request('/auth/link')];

    // Assess: neither copy is signed in; each is sent to sign in again.
    for (const answer of answers) {
      expect(answer.status).toBe(303);
      expect(answer.headers.get('location')).toContain('/auth/sign-in');
    }
    await s.identities.stop();
  });

  it('opens nothing with a staff page’s pasted token after its sign-out: neither a copy of the cookie nor the token pasted again', async () => {
    const s = await signInHarness();
    for (const [page, cookie, role] of [
      ['/inbox', 'inbox_session', 'mediator'],
      ['/service-centre', 'centre_session', 'operator'],
    ] as const) {
      // Prepare: a token pasted at the page's sign-in form, the session cookie copied (a stolen copy).
      const token = await s.h.tokens.sign(role, `pasted-${role}`);
      const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
      const signInPage = await (await browser.request(page)).text();
      const signedIn = await browser.request(`${page}/sign-in`, { form: { csrf: csrfFrom(signInPage), token } });
      expect(signedIn.status, page).toBe(303);
      const inside = await (await browser.request(page)).text();
      expect(inside, page).toContain(`action="${page}/sign-out"`);
      const copy = browser.cookies.get(cookie) as { value: string; path: string; raw: string };
      expect(copy, page).toBeDefined();

      // Act: the page's sign-out; then the copy is sent, and the same token pasted again.
      const out = await browser.request(`${page}/sign-out`, { form: { csrf: csrfFrom(inside) } });
      expect(out.status, page).toBe(303);
      const thief = new CookieJarClient(s.fetch, s.publicBaseUrl);
      thief.cookies.set(cookie, copy);
      const withCopy = await (await thief.request(page)).text();
      const again = await thief.request(`${page}/sign-in`, { form: { csrf: csrfFrom(withCopy), token } });

      // Assess: the copy shows the sign-in form; the token is refused at it and sets no session.
      expect(withCopy, page).toContain(`action="${page}/sign-in"`);
      expect(withCopy, page).not.toContain(`action="${page}/sign-out"`);
      expect(again.status, page).toBe(401);
      expect(await again.text(), page).toContain('该令牌已退出登录');
      expect(thief.cookies.get(cookie)?.value, page).toBe(copy.value);
      // Another token of the same person still signs in: only the signed-out one is refused.
      const fresh = await s.h.tokens.sign(role, `pasted-${role}`, '11h');
      const renewed = await (await thief.request(page)).text();
      const other = await thief.request(`${page}/sign-in`, { form: { csrf: csrfFrom(renewed), token: fresh } });
      expect(other.status, page).toBe(303);
    }
    await s.identities.stop();
  });

  it('refreshes a session whose access token is about to expire, and stops after sign-out', async () => {
    // Access tokens of 60 s: inside the refresh margin, so every page view refreshes.
    const s = await signInHarness({ accessTokenSeconds: 60 });
    const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await browser.request(await partyToCallback(s, browser, freshMobile()));
    const before = browser.cookies.get(sessionCookieName)?.value;

    const page = await browser.request('/auth/link');
    expect(page.status).toBe(200);
    expect(browser.cookies.get(sessionCookieName)?.value).not.toBe(before);

    const kept = browser.cookies.get(sessionCookieName) as { value: string; path: string; raw: string };
    const keptRefresh = browser.cookies.get(refreshCookieName) as { value: string; path: string; raw: string };
    expect(keptRefresh.raw).toMatch(/HttpOnly/);
    const button = await browser.request('/auth/sign-out');
    const out = await browser.request('/auth/sign-out', {
      form: { signOutCsrf: signOutTokenFrom(await button.text()) },
    });
    expect(browser.cookies.has(sessionCookieName)).toBe(false);
    // Then the managed login's own session ends (its /logout), which lands on the signed-out page.
    expect(out.status).toBe(303);
    const logout = new URL(out.headers.get('location') ?? '');
    expect(logout.pathname).toMatch(/\/logout$/);
    expect(logout.searchParams.get('logout_uri')).toBe(`${s.publicBaseUrl}/auth/signed-out`);
    const back = await browser.request(logout.href);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`${s.publicBaseUrl}/auth/signed-out`);
    const signedOut = await browser.request('/auth/signed-out');
    expect(await signedOut.text()).toContain('<span lang="en">You have signed out.</span>');
    // The old cookie, replayed: its refresh token was revoked, so no session comes back.
    browser.cookies.set(sessionCookieName, kept);
    browser.cookies.set(refreshCookieName, keptRefresh);
    const after = await browser.request('/auth/link');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toContain('/auth/sign-in');
    await s.identities.stop();
  });
});
