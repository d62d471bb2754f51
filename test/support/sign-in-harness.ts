import { randomBytes, randomInt } from 'node:crypto';
import { expect, inject } from 'vitest';
import { createApp } from '../../functions/http/app';
import type { HttpDeps } from '../../functions/http/deps';
import { startIdentityProvider } from '../../infra/local/identity-provider';
import { localIssuerUrlFor, withLocalIssuer } from '../../infra/local/local-issuer';
import type { LocalManagedLoginOptions } from '../../infra/local/local-managed-login';
import {
  localSignInClients,
  localSignInSettings,
  localStaffAccounts,
  localStaffSeed,
} from '../../infra/local/local-sign-in';
import { totp } from '../../infra/local/totp';
import { DynamoEndedSessions } from '../../shared/adapters/dynamodb/ended-sessions';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import { harnessManagedLogin, httpHarness } from './http-harness';

/**
 * The app with people's sign-in wired as `npm start` wires it (infra/local/platform.ts): the local
 * issuer's managed login in front, codes sent through the SMS and email adapters to the run's SMS
 * gateway and mail emulator, the token endpoint answered in-process.
 */
export async function signInHarness(
  options: {
    accessTokenSeconds?: number;
    /** Staff users the managed login creates at their first sign-in (`npm start`: the demo mediators). */
    staffDirectory?: LocalManagedLoginOptions['staffDirectory'];
    publicBaseUrl?: string;
    deps?: Partial<HttpDeps>;
    /**
     * The harness under the sign-in (default: the HTTP app alone); the service harness brings the
     * relay, the workflows and the SMS gateway (test/browser/party-journey.test.ts).
     */
    harness?: (deps: Partial<HttpDeps>, options: { issuer: string }) => Promise<HttpHarness>;
  } = {},
) {
  const stack = inject('stack');
  const publicBaseUrl = options.publicBaseUrl ?? 'http://localhost:3000';
  // The carrier's register (the identity provider emulator): a party links its sign-in through it.
  const identities = await startIdentityProvider();
  const make = options.harness ?? (httpHarness as unknown as NonNullable<typeof options.harness>);
  const h = await make(
    {
      publicBaseUrl,
      identityVerifier: new HttpsIdentityVerifier({ settings: async () => identities.settings }),
      ...options.deps,
    },
    { issuer: localIssuerUrlFor(publicBaseUrl) },
  );
  const login = await harnessManagedLogin(h.tokens, {
    clients: localSignInClients(publicBaseUrl),
    ...(options.accessTokenSeconds ? { accessTokenSeconds: options.accessTokenSeconds } : {}),
    ...(options.staffDirectory ? { staffDirectory: options.staffDirectory } : {}),
  });
  const loginApp = login.routes();
  const signIn = localSignInSettings(
    h.tokens,
    randomBytes(32),
    async (request) => loginApp.fetch(request),
    new DynamoEndedSessions(h.client, h.tableName),
  );
  // Mediators registered without a sign-in get one at this managed login, as `npm start` wires it.
  const app = createApp({ ...(h.httpDeps ?? h.deps), signIn, staffAccounts: localStaffAccounts(login) });
  const fetch = withLocalIssuer(h.tokens, (request) => app.fetch(request), login);
  return { h, login, signIn, app, fetch, publicBaseUrl, smsEndpoint: stack.sms, identities };
}

/** The harness under the sign-in; one whose `deps` are not the HTTP app's names those as `httpDeps` (the service harness). */
type HttpHarness = Awaited<ReturnType<typeof httpHarness>> & { httpDeps?: HttpDeps };

/**
 * Signs `username` in at the staff managed login, with the local password and TOTP secret the demo
 * mediators share (`mediator-001`'s), in a browser of its own: the inbox page signed in, or the
 * status the managed login refused the sign-in with.
 */
export async function staffSignInToInbox(
  s: Pick<Awaited<ReturnType<typeof signInHarness>>, 'fetch' | 'publicBaseUrl'>,
  username: string,
): Promise<{ status: number; text?: string }> {
  const { password, totpSecret } = localStaffSeed.find((user) => user.username === 'mediator-001') ?? {};
  const browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
  const start = await browser.request('/auth/sign-in?pool=staff&return=/inbox');
  const authorize = new URL(start.headers.get('location') as string);
  const login = loginIdFrom(await (await browser.request(authorize.href)).text());
  const done = await browser.request(authorize.pathname, {
    form: { login, username, password: password ?? '', totp: totp(totpSecret ?? '') },
  });
  if (done.status !== 302) return { status: done.status };
  await browser.request(done.headers.get('location') as string);
  const inbox = await browser.request('/inbox');
  return { status: inbox.status, text: await inbox.text() };
}

/** A mobile number of its own per test: codes are found by number in the gateway's list. */
export function freshMobile(): string {
  return `139${randomInt(0, 100_000_000).toString().padStart(8, '0')}`;
}

/** The latest one-time code the SMS gateway accepted for this number (`GET /messages`, as its page lists them). */
export async function latestSmsCode(smsEndpoint: string, mobile: string): Promise<string> {
  const response = await fetch(`${smsEndpoint}/messages`);
  const messages = (await response.json()) as Array<{ phoneNumber: string; message: string; sentAt: number }>;
  const mine = messages
    .filter((sms) => sms.phoneNumber.endsWith(mobile) && /登录验证码/.test(sms.message))
    .sort((a, b) => b.sentAt - a.sentAt);
  const code = /(\d{6})/.exec(mine[0]?.message ?? '')?.[1];
  if (!code) throw new Error(`no sign-in code sent to ${mobile}`);
  return code;
}

/**
 * A browser without a browser: follows no redirect by itself, keeps cookies by name (path and
 * flags are read from Set-Cookie and checked by the tests), and sends them back.
 */
export class CookieJarClient {
  readonly cookies = new Map<string, { value: string; path: string; raw: string }>();

  constructor(
    private readonly fetch: (request: Request) => Response | Promise<Response>,
    private readonly base: string,
  ) {}

  async request(
    path: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const url = new URL(path, this.base);
    const cookie = [...this.cookies.entries()]
      .filter(([, entry]) => url.pathname.startsWith(entry.path))
      .map(([name, entry]) => `${name}=${entry.value}`)
      .join('; ');
    const headers: Record<string, string> = { ...init.headers };
    if (cookie) headers.cookie = cookie;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = new URL(this.base).origin;
    }
    const response = await this.fetch(
      new Request(url, {
        method: init.method ?? (init.form ? 'POST' : 'GET'),
        headers,
        ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
      }),
    );
    for (const raw of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = raw.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const maxAge = attributes.find((a) => /^max-age=/i.test(a));
      if (value === '' || maxAge === 'Max-Age=0') this.cookies.delete(name);
      else this.cookies.set(name, { value, path, raw });
    }
    return response;
  }
}

/** The login id the local authorize page carries in its form. */
export function loginIdFrom(page: string): string {
  const id = /name="login" value="([^"]+)"/.exec(page)?.[1];
  if (!id) throw new Error('no login form on the page');
  return id;
}

/** The hidden CSRF field of a page's form. */
export function csrfFrom(page: string): string {
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF field on the page');
  return csrf;
}

/** Walks the parties' sign-in up to the callback URL the issuer sends the browser to (not followed). */
export async function partyToCallback(
  s: { smsEndpoint: string },
  browser: CookieJarClient,
  mobile: string,
): Promise<string> {
  const start = await browser.request('/auth/sign-in?pool=parties&return=/cases');
  expect(start.status).toBe(302);
  const authorize = await browser.request(start.headers.get('location') as string);
  expect(authorize.status).toBe(200);
  const login = loginIdFrom(await authorize.text());
  const sent = await browser.request(new URL(start.headers.get('location') as string).pathname, {
    form: { login, step: 'contact', contact: mobile },
  });
  expect(sent.status).toBe(200);
  const code = await latestSmsCode(s.smsEndpoint, mobile);
  const done = await browser.request(new URL(start.headers.get('location') as string).pathname, {
    form: { login, step: 'code', code },
  });
  expect(done.status).toBe(302);
  return done.headers.get('location') as string;
}
