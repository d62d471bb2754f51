import { createHash, randomBytes, randomInt, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import type { HtmlEscapedString } from 'hono/utils/html';
import { pageLayout } from '../../functions/http/pages/page-layout';
import { normalizeEmail, normalizePhone } from '../../shared/domain/contacts/contact-normalization';
import { escapeHtml } from '../../shared/domain/html-escape';
import { type AllowancePolicy, afterGiveBack, afterUse, nextUseAt } from '../../shared/domain/limits/allowance';
import { maskEmail, maskPhone } from '../../shared/domain/masking';
import { platformSignature } from '../../shared/domain/messages/sms-texts';
import type { Role } from '../../shared/domain/principal';
import type { EmailChannel, SmsChannel } from '../../shared/ports/message-channels';
import type { LocalIssuer } from './local-issuer';
import { totpMatches } from './totp';

/*
 * The local issuer as Cognito's managed login (DESIGN.md, "Local runtime", Cognito row): the
 * authorize pages, the authorization code and refresh token grants, revocation and logout, at the
 * same paths as on a Cognito domain (`<issuer>/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`,
 * `/logout`). It keeps no browser session of its own (every sign-in asks for a code), so logout only
 * checks the client and its registered URI, as Cognito does, and sends the browser back.
 *
 * - parties: passwordless. A mobile number or an email address, then a 6-digit one-time code sent
 *   through the platform's own SMS and email adapters (to the local SMS gateway and mail emulator);
 *   the person's `sub` is a UUID kept per normalized contact, so it is the same at every sign-in.
 * - staff: username, password and a TOTP code (RFC 6238), as the staff pool requires MFA.
 *
 * Five wrong codes (or passwords) end the attempt: the visitor starts again from the platform; ten
 * unused codes an hour go to one mobile or email address at most (429 beyond, with Retry-After).
 * Codes are single-use, live five minutes, and are bound to the client, the redirect URI and the
 * PKCE challenge (S256 only). Pending sign-ins, codes and refresh tokens are kept in memory: a
 * restart signs everyone out, as a new key would. Users are kept in `usersFile` when given.
 */

export type LoginPool = 'parties' | 'staff';

export interface ManagedLoginClient {
  clientId: string;
  pool: LoginPool;
  /** Exact redirect URIs (RFC 6749 §3.1.2.2): anything else is refused without a redirect. */
  redirectUris: readonly string[];
  /** Exact sign-out landing URIs (Cognito's LogoutURLs): `/logout` redirects to no other. */
  logoutUris?: readonly string[];
}

export interface StaffUserInput {
  username: string;
  password: string;
  groups: readonly Role[];
  /** Base32 (RFC 4648), as an authenticator app takes it. */
  totpSecret: string;
  /** The `sub` to keep (a mediator's roster subject id); a fresh UUID when absent. */
  sub?: string;
}

interface StaffUser {
  username: string;
  sub: string;
  /** scrypt, `salt:hash` in hex. */
  passwordHash: string;
  totpSecret: string;
  groups: Role[];
}

interface StoredUsers {
  /** Normalized mobile (E.164) or email → sub. */
  parties: Record<string, string>;
  staff: StaffUser[];
}

interface PendingLogin {
  client: ManagedLoginClient;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  nonce?: string;
  expiresAt: number;
  failures: number;
  /** Parties: the contact the code went to, and the code's hash. */
  contact?: string;
  codeHash?: string;
  codeExpiresAt?: number;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: SignedInUser;
  expiresAt: number;
  used: boolean;
}

interface SignedInUser {
  sub: string;
  username: string;
  groups: Role[];
}

interface RefreshGrant {
  clientId: string;
  user: SignedInUser;
  revoked: boolean;
}

export interface LocalManagedLoginOptions {
  issuer: LocalIssuer;
  clients: readonly ManagedLoginClient[];
  sms: SmsChannel;
  email: EmailChannel;
  usersFile?: string;
  now?: () => number;
  /** Access tokens' lifetime; one hour as Cognito's default. Tests shorten it to see a refresh. */
  accessTokenSeconds?: number;
  /**
   * Staff users who exist before their first sign-in without being stored yet (the roster's
   * mediators, as if an operator had created each at Cognito): a sign-in with a username this
   * knows creates the user, then checks its password and TOTP code as for any other.
   */
  staffDirectory?: (username: string) => Promise<StaffUserInput | undefined>;
}

export const maxLoginFailures = 5;
/**
 * Sign-in codes sent to one mobile or email address and not used to sign in: ten an hour, as
 * Cognito caps the codes it sends. Without a cap anyone could start sign-in after sign-in for
 * someone else's number, each sending a new code: a flood of messages to that person, and five
 * guesses at every code. A code that signs in is given back, so a person signing in is never held up.
 */
export const signInCodePolicy: AllowancePolicy = {
  name: 'sign_in_code',
  windowHours: 1,
  gapsMinutes: Array.from({ length: 9 }, () => 0),
};
const pendingLifetimeMs = 10 * 60_000;
const oneTimeCodeLifetimeMs = 5 * 60_000;
const authorizationCodeLifetimeMs = 5 * 60_000;
const defaultAccessTokenSeconds = 3600;

export class LocalManagedLogin {
  private readonly pending = new Map<string, PendingLogin>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly refreshGrants = new Map<string, RefreshGrant>();
  /** When codes were sent, by normalized contact (`signInCodePolicy`). */
  private readonly codesSent = new Map<string, string[]>();
  private readonly now: () => number;
  private readonly accessTokenSeconds: number;

  private constructor(
    private readonly options: LocalManagedLoginOptions,
    private readonly users: StoredUsers,
  ) {
    this.now = options.now ?? Date.now;
    this.accessTokenSeconds = options.accessTokenSeconds ?? defaultAccessTokenSeconds;
  }

  static async create(options: LocalManagedLoginOptions): Promise<LocalManagedLogin> {
    const users = options.usersFile ? await readUsers(options.usersFile) : { parties: {}, staff: [] };
    return new LocalManagedLogin(options, users);
  }

  /** Adds (or replaces) a staff user: how `npm start` seeds mediators and operators, and tests add theirs. */
  async addStaffUser(input: StaffUserInput): Promise<{ sub: string }> {
    const existing = this.users.staff.find((user) => user.username === input.username);
    const salt = randomBytes(16);
    const user: StaffUser = {
      username: input.username,
      sub: input.sub ?? existing?.sub ?? randomUUID(),
      passwordHash: `${salt.toString('hex')}:${scryptSync(input.password, salt, 32).toString('hex')}`,
      totpSecret: input.totpSecret,
      groups: [...input.groups],
    };
    this.users.staff = [...this.users.staff.filter((other) => other.username !== input.username), user];
    await this.save();
    return { sub: user.sub };
  }

  /**
   * The staff user whose username is `email`, in `group`, as Cognito's admin-create-user makes one
   * on the staff pool: a new user gets `credentials` and an invitation by email saying how to sign
   * in (Cognito's carries a temporary password); an existing one is answered as it is, with its
   * groups.
   */
  async inviteStaffUser(
    email: string,
    group: Role,
    credentials: Pick<StaffUserInput, 'password' | 'totpSecret'>,
  ): Promise<{ sub: string; created: boolean; groups: readonly Role[] }> {
    const existing = this.users.staff.find((user) => user.username === email);
    if (existing) return { sub: existing.sub, created: false, groups: existing.groups };
    const { sub } = await this.addStaffUser({ username: email, groups: [group], ...credentials });
    await this.options.email.send(staffInvitation(email, credentials, this.options.issuer.issuer));
    return { sub, created: true, groups: [group] };
  }

  hasStaffUser(username: string): boolean {
    return this.users.staff.some((user) => user.username === username);
  }

  /**
   * Keeps `sub` for a party's mobile or email when that contact has none yet: the demo applicants
   * sign in as the `party-00N` their disputes were filed by. A contact that already signed in
   * keeps the sub it has.
   */
  async addPartyUser(contact: string, sub: string): Promise<void> {
    const key = normalizeContact(contact);
    if (!key) throw new Error(`not a mobile number or an email address: ${contact}`);
    if (this.users.parties[key.value]) return;
    this.users.parties[key.value] = sub;
    await this.save();
  }

  /** The `sub` of a party who has signed in with this mobile or email (undefined before the first sign-in). */
  partySub(contact: string): string | undefined {
    const key = normalizeContact(contact);
    return key ? this.users.parties[key.value] : undefined;
  }

  /** Mounted under the issuer's path by `withLocalIssuer`. */
  routes(): Hono {
    const base = new URL(this.options.issuer.issuer).pathname.replace(/\/$/, '');
    const app = new Hono();
    // As the platform's own pages: no script at all, no framing, forms to this origin, nothing cached.
    app.use(
      '*',
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'none'"],
          styleSrc: ["'unsafe-inline'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
        referrerPolicy: 'no-referrer',
      }),
      async (c, next) => {
        await next();
        c.res.headers.set('cache-control', 'no-store');
      },
    );
    app.get(`${base}/oauth2/authorize`, (c) => this.startAuthorization(c));
    app.post(`${base}/oauth2/authorize`, (c) => this.continueAuthorization(c));
    app.post(`${base}/oauth2/token`, (c) => this.token(c));
    app.post(`${base}/oauth2/revoke`, (c) => this.revoke(c));
    app.get(`${base}/oauth2/userInfo`, (c) => this.userInfo(c));
    app.get(`${base}/logout`, (c) => this.logout(c));
    return app;
  }

  /** RFC 6749 §4.1.1: the client and redirect URI first (a bad one is never redirected to), then PKCE. */
  private startAuthorization(c: Context) {
    const query = c.req.query();
    const client = this.options.clients.find((known) => known.clientId === query.client_id);
    if (!client || !query.redirect_uri || !client.redirectUris.includes(query.redirect_uri)) {
      return c.html(loginPage(errorBlock('未知的应用或回调地址。', 'Unknown client or redirect URI.')), 400);
    }
    const back = (error: string, description: string) => {
      const url = new URL(query.redirect_uri as string);
      url.searchParams.set('error', error);
      url.searchParams.set('error_description', description);
      if (query.state) url.searchParams.set('state', query.state);
      return c.redirect(url.href, 302);
    };
    if (query.response_type !== 'code') return back('unsupported_response_type', 'response_type must be code');
    if (query.code_challenge_method !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(query.code_challenge ?? '')) {
      return back('invalid_request', 'PKCE with S256 is required');
    }
    if (!query.state) return back('invalid_request', 'state is required');
    const id = randomBytes(24).toString('base64url');
    this.pending.set(id, {
      client,
      redirectUri: query.redirect_uri,
      state: query.state,
      codeChallenge: query.code_challenge as string,
      ...(query.nonce ? { nonce: query.nonce } : {}),
      expiresAt: this.now() + pendingLifetimeMs,
      failures: 0,
    });
    return c.html(client.pool === 'parties' ? contactForm(id) : staffForm(id));
  }

  private async continueAuthorization(c: Context) {
    const form = await formOf(c);
    const id = form.login ?? '';
    const login = this.pending.get(id);
    if (!login || login.expiresAt <= this.now()) {
      this.pending.delete(id);
      return c.html(
        loginPage(errorBlock('登录已过期，请返回重新开始。', 'This sign-in has expired; go back and start again.')),
        400,
      );
    }
    if (login.client.pool === 'staff') return this.staffSignIn(c, id, login, form);
    if (form.step === 'contact') return this.sendOneTimeCode(c, id, login, form.contact ?? '');
    return this.checkOneTimeCode(c, id, login, form.code ?? '');
  }

  private async sendOneTimeCode(c: Context, id: string, login: PendingLogin, contact: string) {
    const normalized = normalizeContact(contact);
    if (!normalized) {
      return c.html(
        contactForm(id, errorBlock('请输入有效的手机号或邮箱。', 'Enter a valid mobile number or email address.')),
        400,
      );
    }
    const now = new Date(this.now());
    const sent = this.codesSent.get(normalized.value) ?? [];
    const retryAt = nextUseAt(signInCodePolicy, sent, now);
    if (retryAt) {
      const at = retryAt.toISOString().slice(11, 16);
      return c.html(
        contactForm(
          id,
          errorBlock(
            `发送到此号码或邮箱的验证码过多，请于 ${at}（UTC）后再试。`,
            `Too many codes were sent to this number or address; try again after ${at} UTC.`,
          ),
        ),
        429,
        { 'retry-after': String(Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000))) },
      );
    }
    this.codesSent.set(normalized.value, afterUse(signInCodePolicy, sent, now));
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    login.contact = normalized.value;
    login.codeHash = sha256(code);
    login.codeExpiresAt = this.now() + oneTimeCodeLifetimeMs;
    const text = `【${platformSignature}】登录验证码 ${code}，5分钟内有效，请勿告诉他人。Sign-in code ${code}, valid 5 min.`;
    if (normalized.kind === 'phone') {
      await this.options.sms.send({ to: normalized.value, text });
    } else {
      await this.options.email.send({
        to: normalized.value,
        subject: '登录验证码 / Sign-in code',
        text,
        html: `<p>登录验证码 / Sign-in code: <strong>${code}</strong></p><p>5分钟内有效 / valid for 5 minutes.</p>`,
      });
    }
    return c.html(codeForm(id, normalized.masked));
  }

  private async checkOneTimeCode(c: Context, id: string, login: PendingLogin, code: string) {
    if (!login.contact || !login.codeHash || (login.codeExpiresAt ?? 0) <= this.now()) {
      return c.html(
        contactForm(id, errorBlock('验证码已过期，请重新获取。', 'The code has expired; ask for a new one.')),
        400,
      );
    }
    if (
      !/^\d{6}$/.test(code) ||
      !timingSafeEqual(Buffer.from(sha256(code), 'hex'), Buffer.from(login.codeHash, 'hex'))
    ) {
      return this.failed(c, id, login, (message) => codeForm(id, maskContact(login.contact as string), message));
    }
    // A code that signed its person in is given back: only codes nobody used count towards the cap,
    // so a person who signs in again and again is never held up by it.
    this.codesSent.set(login.contact, afterGiveBack(this.codesSent.get(login.contact) ?? []));
    let sub = this.users.parties[login.contact];
    if (!sub) {
      sub = randomUUID();
      this.users.parties[login.contact] = sub;
      await this.save();
    }
    return this.redirectWithCode(c, id, login, { sub, username: sub, groups: ['party'] });
  }

  private async staffSignIn(c: Context, id: string, login: PendingLogin, form: Record<string, string>) {
    const user = await this.staffUser((form.username ?? '').trim());
    const passwordOk = user ? passwordMatches(user.passwordHash, form.password ?? '') : false;
    const totpOk = user ? totpMatches(user.totpSecret, (form.totp ?? '').trim(), this.now()) : false;
    if (!user || !passwordOk || !totpOk) {
      // One answer for a wrong name, password or code: the page does not say which was wrong.
      return this.failed(c, id, login, (message) => staffForm(id, message));
    }
    return this.redirectWithCode(c, id, login, { sub: user.sub, username: user.username, groups: user.groups });
  }

  /** A stored staff user, or one the directory knows, stored now. */
  private async staffUser(username: string): Promise<StaffUser | undefined> {
    const stored = this.users.staff.find((candidate) => candidate.username === username);
    if (stored) return stored;
    const listed = await this.options.staffDirectory?.(username);
    if (listed?.username !== username) return undefined;
    await this.addStaffUser(listed);
    return this.users.staff.find((candidate) => candidate.username === username);
  }

  private failed(
    c: Context,
    id: string,
    login: PendingLogin,
    again: (message: HtmlEscapedString | Promise<HtmlEscapedString>) => ReturnType<typeof loginPage>,
  ) {
    login.failures += 1;
    const left = maxLoginFailures - login.failures;
    if (left <= 0) {
      this.pending.delete(id);
      return c.html(
        loginPage(
          errorBlock(
            `错误次数过多（${maxLoginFailures} 次），本次登录已锁定。请返回平台重新登录。`,
            `Too many wrong attempts (${maxLoginFailures}): this sign-in is locked. Go back to the platform and start again.`,
          ),
        ),
        423,
      );
    }
    return c.html(again(errorBlock(`验证失败，还可尝试 ${left} 次。`, `That did not match; ${left} tries left.`)), 400);
  }

  private redirectWithCode(c: Context, id: string, login: PendingLogin, user: SignedInUser) {
    this.pending.delete(id);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      clientId: login.client.clientId,
      redirectUri: login.redirectUri,
      codeChallenge: login.codeChallenge,
      user,
      expiresAt: this.now() + authorizationCodeLifetimeMs,
      used: false,
    });
    const url = new URL(login.redirectUri);
    url.searchParams.set('code', code);
    url.searchParams.set('state', login.state);
    return c.redirect(url.href, 302);
  }

  /** RFC 6749 §4.1.3 and §6, public clients (no secret): PKCE is what binds the code to the browser. */
  private async token(c: Context) {
    const form = new URLSearchParams(await c.req.text());
    const refuse = (error: string, description: string, status: 400 | 401 = 400) =>
      c.json({ error, error_description: description }, status, { 'cache-control': 'no-store' });
    const client = this.options.clients.find((known) => known.clientId === form.get('client_id'));
    if (!client) return refuse('invalid_client', 'unknown client', 401);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code) return refuse('invalid_grant', 'unknown authorization code');
      // Spent on the first attempt, right or wrong (RFC 6749 §4.1.2: a code is used once).
      const wasUsed = code.used;
      code.used = true;
      if (wasUsed) return refuse('invalid_grant', 'the authorization code was already used');
      if (code.expiresAt <= this.now()) return refuse('invalid_grant', 'the authorization code has expired');
      if (code.clientId !== client.clientId || code.redirectUri !== form.get('redirect_uri')) {
        return refuse('invalid_grant', 'the code was issued to another client or redirect URI');
      }
      const verifier = form.get('code_verifier') ?? '';
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) || s256(verifier) !== code.codeChallenge) {
        return refuse('invalid_grant', 'the PKCE code verifier does not match');
      }
      const refreshToken = randomBytes(32).toString('base64url');
      this.refreshGrants.set(sha256(refreshToken), { clientId: client.clientId, user: code.user, revoked: false });
      return c.json(
        {
          access_token: await this.accessToken(client, code.user),
          refresh_token: refreshToken,
          token_type: 'Bearer',
          expires_in: this.accessTokenSeconds,
        },
        200,
        { 'cache-control': 'no-store' },
      );
    }
    if (grantType === 'refresh_token') {
      const grant = this.refreshGrants.get(sha256(form.get('refresh_token') ?? ''));
      if (!grant || grant.revoked || grant.clientId !== client.clientId) {
        return refuse('invalid_grant', 'the refresh token is unknown or revoked');
      }
      return c.json(
        {
          access_token: await this.accessToken(client, grant.user),
          token_type: 'Bearer',
          expires_in: this.accessTokenSeconds,
        },
        200,
        { 'cache-control': 'no-store' },
      );
    }
    return refuse('unsupported_grant_type', 'authorization_code or refresh_token');
  }

  /** RFC 7009: answered 200 whether or not the token was known. */
  /** Cognito's `/logout`: an unknown client or an unregistered logout URI is refused, never redirected to. */
  private logout(c: Context) {
    const query = c.req.query();
    const client = this.options.clients.find((known) => known.clientId === query.client_id);
    if (!client || !query.logout_uri || !client.logoutUris?.includes(query.logout_uri)) {
      return c.html(loginPage(errorBlock('未知的应用或退出地址。', 'Unknown client or logout URI.')), 400);
    }
    return c.redirect(query.logout_uri, 302);
  }

  private async revoke(c: Context) {
    const form = new URLSearchParams(await c.req.text());
    const grant = this.refreshGrants.get(sha256(form.get('token') ?? ''));
    if (grant && grant.clientId === form.get('client_id')) grant.revoked = true;
    return c.body(null, 200);
  }

  /** OpenID Connect userinfo for this issuer's access tokens: the contact a party signed in with, verified by its code. */
  private async userInfo(c: Context) {
    const principal = await this.options.issuer
      .authenticator()
      .authenticate({ authorization: c.req.header('authorization') });
    if (!principal)
      return c.json({ error: 'invalid_token' }, 401, { 'www-authenticate': 'Bearer error="invalid_token"' });
    const contact = Object.entries(this.users.parties).find(([, sub]) => sub === principal.subjectId)?.[0];
    const staff = this.users.staff.find((user) => user.sub === principal.subjectId);
    return c.json({
      sub: principal.subjectId,
      ...(staff ? { username: staff.username } : {}),
      ...(contact?.startsWith('+') ? { phone_number: contact, phone_number_verified: true } : {}),
      ...(contact?.includes('@') ? { email: contact, email_verified: true } : {}),
    });
  }

  private accessToken(client: ManagedLoginClient, user: SignedInUser): Promise<string> {
    return this.options.issuer.mintAccessToken(
      {
        sub: user.sub,
        username: user.username,
        'cognito:groups': user.groups,
        client_id: client.clientId,
        scope: 'openid',
        token_use: 'access',
      },
      this.accessTokenSeconds,
    );
  }

  private async save(): Promise<void> {
    const file = this.options.usersFile;
    if (!file) return;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(this.users, null, 2), { mode: 0o600 });
    await rename(partial, file);
  }
}

function normalizeContact(contact: string): { kind: 'phone' | 'email'; value: string; masked: string } | undefined {
  const trimmed = contact.trim();
  if (trimmed.includes('@')) {
    const email = normalizeEmail(trimmed);
    return email ? { kind: 'email', value: email.toLowerCase(), masked: maskEmail(email) } : undefined;
  }
  const phone = normalizePhone(trimmed);
  return phone ? { kind: 'phone', value: phone, masked: maskPhone(phone) } : undefined;
}

function maskContact(value: string): string {
  return value.includes('@') ? maskEmail(value) : maskPhone(value);
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function passwordMatches(stored: string, password: string): boolean {
  const [saltHex, hashHex] = stored.split(':');
  if (!saltHex || !hashHex) return false;
  return timingSafeEqual(scryptSync(password, Buffer.from(saltHex, 'hex'), 32), Buffer.from(hashHex, 'hex'));
}

async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(
    Object.entries(body).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
  );
}

async function readUsers(file: string): Promise<StoredUsers> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredUsers;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { parties: {}, staff: [] };
    throw error;
  }
}

function errorBlock(zh: string, en: string) {
  return html`<p class="error" role="alert">${zh}<br>${en}</p>`;
}

function loginPage(body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return pageLayout(
    '登录 / Sign in',
    html`<h1>登录 / Sign in</h1><p class="muted">本地登录服务（代替 Cognito）/ Local sign-in (Cognito's stand-in)</p>${body}`,
  );
}

function contactForm(id: string, message?: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return loginPage(html`${message ?? ''}<form method="post">
<input type="hidden" name="login" value="${id}"><input type="hidden" name="step" value="contact">
<label for="contact">手机号或邮箱 / Mobile number or email</label>
<input id="contact" name="contact" autocomplete="username" required>
<button type="submit">发送验证码 / Send code</button></form>`);
}

function codeForm(id: string, masked: string, message?: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return loginPage(html`${message ?? ''}<p>验证码已发送至 ${masked}。/ A code was sent to ${masked}.</p>
<form method="post"><input type="hidden" name="login" value="${id}"><input type="hidden" name="step" value="code">
<label for="code">6 位验证码 / 6-digit code</label>
<input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code" required>
<button type="submit">登录 / Sign in</button></form>`);
}

function staffForm(id: string, message?: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return loginPage(html`${message ?? ''}<form method="post"><input type="hidden" name="login" value="${id}">
<label for="username">用户名 / Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">密码 / Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<label for="totp">动态验证码（身份验证器）/ Authenticator code</label>
<input id="totp" name="totp" inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code" required>
<button type="submit">登录 / Sign in</button></form>`);
}

/** The local stand-in for Cognito's invitation: the username, the local password and the TOTP secret. */
function staffInvitation(email: string, credentials: Pick<StaffUserInput, 'password' | 'totpSecret'>, issuer: string) {
  const signIn = new URL('/inbox', issuer).href;
  const text = [
    '您的平台工作人员账号已创建 / Your staff sign-in on the platform is ready.',
    `用户名 / Username: ${email}`,
    `密码 / Password: ${credentials.password}`,
    `验证器密钥 / Authenticator (TOTP) secret: ${credentials.totpSecret}`,
    `登录 / Sign in: ${signIn}`,
  ].join('\n');
  return {
    to: email,
    subject: '平台工作人员账号 / Your staff sign-in',
    text,
    html: text
      .split('\n')
      .map((line) => `<p>${escapeHtml(line)}</p>`)
      .join(''),
  };
}
