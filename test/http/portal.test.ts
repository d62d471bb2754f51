import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';
import { serviceRecords } from '../../shared/adapters/dynamodb/service-records';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { RuleViolation, TooManyRequests } from '../../shared/domain/errors';
import {
  type AllowancePolicy,
  afterGiveBack,
  afterUse,
  nextUseAt,
  usesLeft,
} from '../../shared/domain/limits/allowance';
import { hashCode, hashToken } from '../../shared/domain/mediation/invitation';
import type { RecipientRecord } from '../../shared/domain/service/recipient';
import { recipientChainId } from '../../shared/domain/service/service-chains';
import type { Clock } from '../../shared/ports/clock';
import type { Allowances } from '../../shared/ports/send-rate-limiter';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { sendAllowancesOf } from '../../shared/use-cases/people/allowances';
import { personConsentWriterOf } from '../../shared/use-cases/people/person-consent';
import { acknowledgeService, type PortalProof } from '../../shared/use-cases/service/portal';
import { sendFreshPortalCode } from '../../shared/use-cases/service/portal-code';
import { openPortalSession, proofOfSession } from '../../shared/use-cases/service/portal-session';
import { eventually } from '../support/eventually';
import { MemoryStateStore } from '../support/memory-state-store';
import { CookieJar, csrfIn, operator, servedBySms, visit } from '../support/portal-fixtures';
import { type ServiceHarness, seedCourt, startServiceHarness } from '../support/service-harness';

class FakeClock implements Clock {
  constructor(private at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

describe('recipient portal (/r/{token})', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceHarness();
  });
  afterAll(() => h?.stop());

  it('asks for the code and the ID digits, and shows nothing personal before the proof', async () => {
    const served = await servedBySms(h);
    const jar = new CookieJar();

    const page = await visit(h, jar, 'GET', `/r/${served.token}`);

    expect(page.status).toBe(200);
    expect(page.text).toContain('民事裁定书 Ruling');
    expect(page.text).toContain('id="idLastDigits"');
    expect(page.text).not.toContain(served.sha256);
    expect(page.text).not.toContain(served.phone.slice(-8));
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.text).not.toContain('<script');
    expect(jar.get('portal_csrf')).toBeTruthy();
  });

  it('holds up the client failing proofs (429 with Retry-After), not the owner trying from elsewhere', async () => {
    const served = await servedBySms(h);
    const attacker = new CookieJar();
    const attackerForm = await visit(h, attacker, 'GET', `/r/${served.token}`, undefined, 'attacker-1');
    const wrong = served.code === '000000' ? '000001' : '000000';
    const guess = (code: string) =>
      visit(
        h,
        attacker,
        'POST',
        `/r/${served.token}`,
        { csrf: csrfIn(attackerForm.text), code, idLastDigits: served.person.idLast4 },
        'attacker-1',
      );

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await guess(wrong));
    const held = await guess(wrong);
    const heldRight = await guess(served.code);
    const owner = new CookieJar();
    const ownerForm = await visit(h, owner, 'GET', `/r/${served.token}`, undefined, 'owner-1');
    const opened = await visit(
      h,
      owner,
      'POST',
      `/r/${served.token}`,
      { csrf: csrfIn(ownerForm.text), code: served.code, idLastDigits: served.person.idLast4 },
      'owner-1',
    );

    expect(answers.map((answer) => answer.status)).toEqual([422, 422, 422, 422, 422]);
    expect(answers[0]?.text).toContain('4 tries left'); // this client's own: five on a link per 15 minutes
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(held.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    expect(held.text).toContain('Too many wrong tries from here');
    // Held up even with the right code: the attacker's client learns nothing more.
    expect(heldRight.status).toBe(429);
    expect(attacker.get('portal_session')).toBeUndefined();
    expect(opened.status).toBe(303);
    expect(owner.get('portal_session')).toBeTruthy();
    const chain = await h.store.readChain(recipientChainId(served.serviceId, served.recipientId));
    expect(chain.events.filter((event) => event.type === 'service.portal_proof_failed')).toHaveLength(5);
  });

  it('closes the code after twenty wrong tries from many clients; the owner gets a fresh code at the same address', async () => {
    const served = await servedBySms(h);
    const wrong = served.code === '000000' ? '000001' : '000000';
    const tryFrom = async (client: string, code: string) => {
      const jar = new CookieJar();
      const form = await visit(h, jar, 'GET', `/r/${served.token}`, undefined, client);
      const answer = await visit(
        h,
        jar,
        'POST',
        `/r/${served.token}`,
        { csrf: csrfIn(form.text), code, idLastDigits: served.person.idLast4 },
        client,
      );
      return { ...answer, jar };
    };

    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await tryFrom(`botnet-${Math.floor(i / 5)}`, wrong));
    const closed = await tryFrom('owner-2', served.code);
    const ownerJar = new CookieJar();
    const page = await visit(h, ownerJar, 'GET', `/r/${served.token}`, undefined, 'owner-2');
    const asked = await visit(h, ownerJar, 'POST', `/r/${served.token}/code`, { csrf: csrfIn(page.text) }, 'owner-2');
    await eventually('the fresh code reaches the same phone', () => h.smsTo(served.phone).length === 2, {
      timeout: 15_000,
    });
    const fresh = h.smsTo(served.phone)[1]?.message ?? '';
    const freshCode = /(?:验证码|code) (\d{6})/.exec(fresh)?.[1] as string;
    const oldCode = await tryFrom('owner-3', served.code);
    const opened = await tryFrom('owner-4', freshCode);

    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 20 }, () => 422));
    expect(answers[19]?.text).toContain('This code no longer works');
    expect(closed.status).toBe(422);
    expect(closed.text).toContain('ask for a new code');
    expect(page.text).toContain(`action="/r/${served.token}/code"`);
    expect(page.text).not.toContain('<script');
    expect(asked.status).toBe(202);
    expect(asked.text).toContain('New code sent');
    expect(fresh).toMatch(/^【[^】]+】/);
    const status = await h.call('GET', `/v1/services/${served.serviceId}`, { as: operator });
    expect(fresh).toContain(status.json.recipients[0].attempts[0].reference);
    if (freshCode !== served.code) expect(oldCode.status).toBe(422);
    expect(opened.status).toBe(303);
    expect(opened.jar.get('portal_session')).toBeTruthy();
    // Not a service attempt: still one attempt, with the message the workflow sent.
    expect(status.json.recipients[0].attempts).toHaveLength(1);
    const chain = await h.store.readChain(recipientChainId(served.serviceId, served.recipientId));
    expect(chain.events.filter((event) => event.type === 'service.portal_locked')).toHaveLength(1);
    expect(chain.events.filter((event) => event.type === 'service.portal_code_sent')).toHaveLength(1);
  });

  it('keeps fresh codes within the addressee own allowance (429 with Retry-After beyond it)', async () => {
    const served = await servedBySms(h);
    const jar = new CookieJar();
    const page = await visit(h, jar, 'GET', `/r/${served.token}`, undefined, 'owner-5');
    const first = await visit(h, jar, 'POST', `/r/${served.token}/code`, { csrf: csrfIn(page.text) }, 'owner-5');
    // The same asker again (the allowance is per asker: others asking from elsewhere spend their own).
    const again = await visit(h, jar, 'POST', `/r/${served.token}/code`, { csrf: csrfIn(page.text) }, 'owner-5');
    await eventually('the fresh code is sent', () => h.smsTo(served.phone).length === 2, { timeout: 15_000 });

    expect(first.status).toBe(202);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(again.text).toContain('A new code was sent recently');
    const chain = await h.store.readChain(recipientChainId(served.serviceId, served.recipientId));
    expect(chain.events.filter((event) => event.type === 'service.portal_code_sent')).toHaveLength(1);
    expect(h.smsTo(served.phone)).toHaveLength(2);
  });

  it('answers bad fresh-code requests with a clear 4xx and changes nothing', async () => {
    const served = await servedBySms(h);
    const jar = new CookieJar();
    const page = await visit(h, jar, 'GET', `/r/${served.token}`);
    const chainId = recipientChainId(served.serviceId, served.recipientId);

    const noCsrf = await visit(h, jar, 'POST', `/r/${served.token}/code`, {});
    const wrongCsrf = await visit(h, jar, 'POST', `/r/${served.token}/code`, { csrf: 'x'.repeat(43) });
    const malformed = await visit(h, jar, 'POST', '/r/not*a*token/code', { csrf: csrfIn(page.text) });
    const unknownToken = randomBytes(24).toString('base64url');
    const unknownJar = new CookieJar();
    const unknownPage = await visit(h, unknownJar, 'GET', `/r/${unknownToken}`);
    const unknown = await visit(h, unknownJar, 'POST', `/r/${unknownToken}/code`, {
      csrf: unknownJar.get('portal_csrf') ?? '',
    });
    // A refused form renews the CSRF token: the page is read again, as a browser would.
    const again = await visit(h, jar, 'GET', `/r/${served.token}`);
    const proved = await visit(h, jar, 'POST', `/r/${served.token}`, {
      csrf: csrfIn(again.text),
      code: served.code,
      idLastDigits: served.person.idLast4,
    });

    expect(noCsrf.status).toBe(403);
    expect(wrongCsrf.status).toBe(403);
    expect(malformed.status).toBe(404);
    expect(unknownPage.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(h.smsTo(served.phone)).toHaveLength(1);
    // The code was not replaced: it still opens the document, the only portal event since.
    expect(proved.status).toBe(303);
    const events = (await h.store.readChain(chainId)).events;
    expect(events.filter((event) => event.type.startsWith('service.portal')).map((event) => event.type)).toEqual([
      'service.portal_opened',
    ]);
    expect(proved.status).toBe(303);
  });

  it('counts parallel guesses from many clients: none gets past the closed code', async () => {
    const served = await servedBySms(h);
    const guesses = Array.from({ length: 24 }, (_, i) => String((Number(served.code) + 1 + i) % 1e6).padStart(6, '0'));

    const results = await Promise.allSettled(
      guesses.map((code, i) =>
        openPortalSession(h.httpDeps, served.token, { code, idLastDigits: served.person.idLast4 }, `par-${i % 6}`),
      ),
    );
    const chainId = recipientChainId(served.serviceId, served.recipientId);
    const countedNow = async () =>
      (await h.store.readChain(chainId)).events.filter((event) => /portal_(proof_failed|locked)/.test(event.type))
        .length;
    const judgedWrong = results.filter(
      (result) => result.status === 'rejected' && (result.reason as RuleViolation).code === 'wrong_proof',
    ).length;
    const counted = await countedNow();
    // Up to twenty wrong tries in all: whatever the parallel ones left, from further clients.
    for (let i = counted; i < 20; i++) {
      await expect(
        openPortalSession(h.httpDeps, served.token, { code: guesses[0] as string, idLastDigits: '0000' }, `top-${i}`),
      ).rejects.toMatchObject({ code: 'wrong_proof' });
    }
    const right = await openPortalSession(
      h.httpDeps,
      served.token,
      { code: served.code, idLastDigits: served.person.idLast4 },
      'par-owner',
    ).catch((error: unknown) => error);

    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    // Every wrong answer was recorded before it was given, and no more than twenty were judged.
    expect(counted).toBe(judgedWrong);
    expect(counted).toBeLessThanOrEqual(20);
    expect(right).toBeInstanceOf(RuleViolation);
    expect((right as RuleViolation).code).toBe('link_locked');
    expect(await countedNow()).toBe(20);
    // Twenty-four commits racing on one chain retry each other out: 9 s alone, over 30 s once in CI.
  }, 60_000);

  it('after the proof shows the hash, downloads the document and signs for receipt with CSRF', async () => {
    const served = await servedBySms(h);
    const jar = new CookieJar();
    const form = await visit(h, jar, 'GET', `/r/${served.token}`);
    const noDownloadYet = await visit(h, new CookieJar(), 'GET', `/r/${served.token}/document`);

    const proved = await visit(h, jar, 'POST', `/r/${served.token}`, {
      csrf: csrfIn(form.text),
      code: served.code,
      idLastDigits: served.person.idLast4.toLowerCase(),
    });
    const forged = await visit(h, jar, 'POST', `/r/${served.token}/acknowledge`, {
      csrf: 'x'.repeat(43),
      confirm: 'yes',
    });
    const documentPage = await visit(h, jar, 'GET', `/r/${served.token}`);
    const download = await visit(h, jar, 'GET', `/r/${served.token}/document`);
    const signed = await visit(h, jar, 'POST', `/r/${served.token}/acknowledge`, {
      csrf: csrfIn(documentPage.text),
      confirm: 'yes',
    });
    const after = await visit(h, jar, 'GET', `/r/${served.token}`);

    expect(noDownloadYet.status).toBe(401);
    expect(proved.status).toBe(303);
    expect(jar.get('portal_session')).toMatch(/^[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}$/);
    expect(documentPage.status).toBe(200);
    expect(documentPage.text).toContain(served.sha256);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    // The keyword quoted: unquoted, `none` would name a host.
    expect(download.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(download.text).toContain('%PDF');
    expect(forged.status).toBe(403);
    expect(signed.status).toBe(303);
    expect(after.text).toContain('data-testid="signed"');
    const status = await h.call('GET', `/v1/services/${served.serviceId}`, { as: operator });
    expect(status.json.recipients[0].attempts[0].acknowledgedAt).toBeTruthy();
    await h.whenClosed(served.recipientId);
    const final = await h.call('GET', `/v1/services/${served.serviceId}`, { as: operator });
    expect(final.json.recipients[0]).toMatchObject({ status: 'served', rule: 'signed_for_in_portal' });
  });

  it('shows bad input at its field, in the page language, with what was typed kept, and changes nothing', async () => {
    const served = await servedBySms(h);
    const jar = new CookieJar();
    const form = await visit(h, jar, 'GET', `/r/${served.token}`);
    const wrong = served.code === '000000' ? '000001' : '000000';
    // What a try at the portal writes (delivery receipts may still arrive meanwhile: not counted).
    const chainLength = async () =>
      (await h.store.readChain(recipientChainId(served.serviceId, served.recipientId))).events.filter((event) =>
        event.type.startsWith('service.portal'),
      ).length;
    const before = await chainLength();

    // A code that is not 6 digits and no ID digits: at each field, nothing counted.
    const malformed = await visit(h, jar, 'POST', `/r/${served.token}`, { csrf: csrfIn(form.text), code: '12a' });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toMatch(/id="code-error">The code has 6 digits</);
    expect(malformed.text).toMatch(/id="code"[^>]*aria-invalid="true"[^>]*value="12a"/);
    expect(malformed.text).toMatch(/id="idLastDigits-error">This field is required</);
    expect(await chainLength()).toBe(before);

    // The same in Chinese (the language switch's cookie).
    const zh = await h.app.request(`/r/${served.token}`, {
      method: 'POST',
      headers: {
        cookie: `${jar.header()}; platform-lang=zh`,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
      },
      body: new URLSearchParams({ csrf: csrfIn(form.text), code: '12a', idLastDigits: '12' }).toString(),
    });
    expect(zh.status).toBe(400);
    const zhPage = await zh.text();
    expect(zhPage).toContain('<html lang="zh-CN">');
    expect(zhPage).toMatch(/id="code-error">验证码为 6 位数字</);
    expect(zhPage).toMatch(/id="idLastDigits-error">请填写身份证件号码后 4 位</);
    expect(zhPage).toMatch(/id="idLastDigits"[^>]*value="12"/);

    // A wrong code: at the field with the tries left, both fields kept, no session opened.
    const refused = await visit(h, jar, 'POST', `/r/${served.token}`, {
      csrf: csrfIn(form.text),
      code: wrong,
      idLastDigits: served.person.idLast4,
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/id="code-error">The code or the ID digits are not right\. 4 tries left\.</);
    expect(refused.text).toContain(`value="${wrong}"`);
    expect(refused.text).toContain(`value="${served.person.idLast4}"`);
    expect(jar.get('portal_session')).toBeUndefined();

    // Proved; signing for receipt without the confirmation ticked: at the field, nothing signed.
    await visit(h, jar, 'POST', `/r/${served.token}`, {
      csrf: csrfIn(refused.text),
      code: served.code,
      idLastDigits: served.person.idLast4,
    });
    const documentPage = await visit(h, jar, 'GET', `/r/${served.token}`);
    const unticked = await visit(h, jar, 'POST', `/r/${served.token}/acknowledge`, { csrf: csrfIn(documentPage.text) });
    expect(unticked.status).toBe(400);
    expect(unticked.text).toMatch(/id="confirm-error">Tick the confirmation first</);
    expect(unticked.text).toContain('data-testid="acknowledge-form"');
    const status = await h.call('GET', `/v1/services/${served.serviceId}`, { as: operator });
    expect(status.json.recipients[0].attempts[0].acknowledgedAt).toBeUndefined();
  });

  it('answers an unknown link with a 404 page', async () => {
    const page = await visit(h, new CookieJar(), 'GET', `/r/${randomBytes(24).toString('base64url')}`);
    expect(page.status).toBe(404);
    expect(page.text).toContain('This link is not valid');
  });
});

describe('openPortalSession under sustained guessing', () => {
  /**
   * One link, 2,400 wrong proofs spread over simulated days, from ever new clients (as a botnet
   * would): every client is held up after five tries, every twentieth wrong try closes the code
   * and the right code is refused while it is closed, until the owner asks for a fresh code (within
   * the own-code allowance: one every five hours). 120 fresh codes five hours apart are 25 days,
   * within the link's 30. None of the wrong proofs is accepted; the last fresh code opens the link.
   */
  it('accepts none of 2,400 wrong codes, holds up each client, and a fresh code always opens it', async () => {
    // Prepare: a recipient's attempt as the workflow leaves it, in memory.
    const start = Date.parse('2025-03-03T01:00:00Z');
    const clock = new FakeClock(start);
    const store = new MemoryStateStore(clock);
    const token = randomBytes(24).toString('base64url');
    let code = String(randomInt(0, 1e6)).padStart(6, '0');
    const personHash = randomBytes(32).toString('hex');
    const serviceId = 'srv_guessing';
    const recipientId = 'rcp_guessing';
    const chainId = recipientChainId(serviceId, recipientId);
    const recipient: RecipientRecord = {
      recipientId,
      serviceId,
      personId: 'psn_guessing',
      personHash,
      status: 'attempting',
      timeouts: { receipt: { sms: 60, email: 60 }, acknowledgement: { sms: 60, email: 60 } },
      createdAt: clock.now().toISOString(),
      attempts: [
        {
          attemptNo: 1,
          addressId: 'adr_1',
          channel: 'sms',
          address: '+8613900000000',
          sources: [{ source: 'registration_record', observedAt: clock.now().toISOString() }],
          completesAtDelivery: false,
          consentBasis: 'platform_declaration',
          messageId: 'msg_1',
          reference: 'SD23456789AB',
          tokenHash: hashToken(token),
          codeHash: hashCode(token, code),
          portalExpiresAt: new Date(start + 30 * 86_400_000).toISOString(),
          failedProofs: 0,
          createdAt: clock.now().toISOString(),
        },
      ],
    };
    await store.commit({
      chainId,
      writes: [
        store.services.recipientWrite({ version: 0 }, recipient),
        {
          key: serviceRecords.key(serviceId),
          expectedVersion: 0,
          attributes: {
            serviceId,
            document: {
              title: '民事裁定书',
              kind: 'ruling',
              mediaType: 'application/pdf',
              sha256: 'x',
              size: 1,
              key: 'k',
            },
            requestedBy: { role: 'operator', subjectId: 'test' },
            issuer: '深圳市福田区人民法院',
            recipientIds: [recipientId],
            createdAt: clock.now().toISOString(),
          },
        },
        {
          key: serviceRecords.tokenKey(hashToken(token)),
          expectedVersion: 0,
          attributes: { serviceId, recipientId, attemptNo: 1 },
        },
        store.people.personWrite(0, personHash, {
          lookupHash: personHash,
          kind: 'person',
          name: '张三',
          idMasked: '440308********123X',
          ciphertext: 'fixture:not-revealable',
          createdAt: clock.now().toISOString(),
        }),
      ],
      event: { type: 'service.requested', actor: { role: 'operator', subjectId: 'test' }, data: {} },
    });
    const vault = new LocalPiiVault({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) });
    const deps = {
      store,
      clock,
      ids: randomIds,
      requestMessage: messageRequests({ store, clock, ids: randomIds }),
      sendAllowances: sendAllowancesOf({ allowances: new MemoryAllowances(clock), vault, clock }),
      vault,
    };
    const wrongProof = (i: number): PortalProof => {
      // Mostly wrong codes with the right digits; every seventh the right code with wrong digits.
      if (i % 7 === 0) return { code, idLastDigits: '9999' };
      let guess = String(randomInt(0, 1e6)).padStart(6, '0');
      if (guess === code) guess = String((Number(code) + 1) % 1e6).padStart(6, '0');
      return { code: guess, idLastDigits: '123X' };
    };
    const codeSent = async () => {
      const event = (await store.readChain(chainId)).events.at(-1);
      const { message } = await store.messages.message(String(event?.data.messageId));
      expect(message.content.to).toBe('+8613900000000');
      return /(?:验证码|code) (\d{6})/.exec(message.content.text)?.[1] as string;
    };

    // Act
    const outcomes = new Map<string, number>();
    let accepted = 0;
    let rightRefusedWhileClosed = 0;
    let clientsHeldUp = 0;
    let tries = 0;
    for (let round = 0; round < 120; round++) {
      for (let client = 0; client < 4; client++) {
        const from = `bot-${round}-${client}`;
        for (let i = 0; i < 5; i++) {
          try {
            await openPortalSession(deps, token, wrongProof(tries++), from);
            accepted++;
          } catch (error) {
            const ruleCode = error instanceof RuleViolation ? error.code : String(error);
            outcomes.set(ruleCode, (outcomes.get(ruleCode) ?? 0) + 1);
          }
          clock.advance(1_000);
        }
        const sixth = await openPortalSession(deps, token, { code, idLastDigits: '123X' }, from).catch((e) => e);
        if (sixth instanceof TooManyRequests && sixth.code === 'too_many_wrong_codes') clientsHeldUp++;
      }
      const whileClosed = await openPortalSession(deps, token, { code, idLastDigits: '123X' }, `owner-${round}`).catch(
        (e) => e,
      );
      if (whileClosed instanceof RuleViolation && whileClosed.code === 'link_locked') rightRefusedWhileClosed++;
      await sendFreshPortalCode({ ...deps, publicBaseUrl: 'http://localhost:3000' }, token, 'portal-test-client');
      code = await codeSent();
      clock.advance(5 * 3600_000);
    }
    const opened = await openPortalSession(deps, token, { code, idLastDigits: '123x' }, 'owner-last');

    // Assess
    expect(accepted).toBe(0);
    expect(outcomes.get('wrong_proof')).toBe(2_400);
    // The fourth client's sixth try meets the closed code first (422 link_locked, not counted).
    expect(clientsHeldUp).toBe(360);
    expect(rightRefusedWhileClosed).toBe(120);
    expect(clock.now().getTime() - start).toBeGreaterThan(500 * 3600_000);
    const proof = await proofOfSession(deps, token, opened.cookie);
    expect(proof).toEqual({ code, idLastDigits: '123X' });
    const chain = await store.readChain(chainId);
    expect(chain.events.filter((event) => event.type === 'service.portal_locked')).toHaveLength(120);
    expect(chain.events.filter((event) => event.type === 'service.portal_code_sent')).toHaveLength(120);
    expect(chain.events.at(-1)?.type).toBe('service.portal_opened');
  }, 120_000);
});

/** The allowances' rules over a map: what the DynamoDB adapter keeps in its table. */
class MemoryAllowances implements Allowances {
  private readonly used = new Map<string, string[]>();
  constructor(private readonly clock: Clock) {}
  async check(policy: AllowancePolicy, subject: string): Promise<Date | undefined> {
    return nextUseAt(policy, this.used.get(`${policy.name}#${subject}`) ?? [], this.clock.now());
  }
  async take(policy: AllowancePolicy, subjects: readonly string[]) {
    const now = this.clock.now();
    const waits = subjects.flatMap(
      (subject) => nextUseAt(policy, this.used.get(`${policy.name}#${subject}`) ?? [], now) ?? [],
    );
    if (waits.length > 0) {
      return { ok: false as const, retryAt: new Date(Math.max(...waits.map((wait) => wait.getTime()))) };
    }
    for (const subject of subjects) {
      const key = `${policy.name}#${subject}`;
      this.used.set(key, afterUse(policy, this.used.get(key) ?? [], now));
    }
    return { ok: true as const };
  }
  async remaining(policy: AllowancePolicy, subject: string) {
    return usesLeft(policy, this.used.get(`${policy.name}#${subject}`) ?? [], this.clock.now());
  }
  async giveBack(policy: AllowancePolicy, subject: string) {
    const key = `${policy.name}#${subject}`;
    this.used.set(key, afterGiveBack(this.used.get(key) ?? []));
  }
}

describe('GET /verify', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceHarness();
  });
  afterAll(() => h?.stop());

  it('confirms a genuine reference with the court and the time, and nothing personal', async () => {
    const court = await seedCourt(h.store, '深圳市福田区人民法院');
    const served = await servedBySms(h, court);
    const status = await h.call('GET', `/v1/services/${served.serviceId}`, { as: operator });
    const reference = status.json.recipients[0].attempts[0].reference as string;
    expect(served.text).toContain(reference);

    const page = await h.app.request(`/verify?ref=${reference.toLowerCase()}`);
    const text = await page.text();

    expect(page.status).toBe(200);
    expect(text).toContain('data-verdict="genuine"');
    expect(text).toContain('深圳市福田区人民法院');
    expect(text).not.toContain('民事裁定书');
    expect(text).not.toContain(served.phone.slice(-8));
    expect(text).not.toContain(served.person.personId);
  });

  it('says "not issued by this platform" for unknown and malformed references alike', async () => {
    const unknown = await h.app.request('/verify?ref=SD23456789AB');
    const malformed = await h.app.request('/verify?ref=%3Cscript%3E');
    const empty = await h.app.request('/verify');

    expect(unknown.status).toBe(404);
    const page = await unknown.text();
    expect(page).toContain('data-verdict="unknown"');
    // The page is Chinese; its English half is marked so a screen reader reads it in English.
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toMatch(/<span lang="en"><b>Not issued by this platform:<\/b>/);
    expect(malformed.status).toBe(404);
    expect(await malformed.text()).not.toContain('<script>');
    expect(empty.status).toBe(200);
  });

  it('answers JSON when asked for it: the same verdict, nothing personal', async () => {
    const court = await seedCourt(h.store, '深圳市福田区人民法院');
    const served = await servedBySms(h, court);
    const status = await h.call('GET', `/v1/services/${served.serviceId}`, { as: operator });
    const reference = status.json.recipients[0].attempts[0].reference as string;
    const json = { accept: 'application/json' };

    const genuine = await h.app.request(`/verify?ref=${reference}`, { headers: json });
    expect(genuine.status).toBe(200);
    expect(genuine.headers.get('content-type')).toContain('application/json');
    const verdict = await genuine.json();
    expect(verdict).toMatchObject({ reference, genuine: true, issuer: '深圳市福田区人民法院', channel: 'sms' });
    expect(JSON.stringify(verdict)).not.toContain(served.phone.slice(-8));

    const unknown = await h.app.request('/verify?ref=SD23456789AB', { headers: json });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ genuine: false });
    const missing = await h.app.request('/verify', { headers: json });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    // A browser's usual Accept still gets the page.
    const page = await h.app.request(`/verify?ref=${reference}`, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(await page.text()).toContain('data-verdict="genuine"');
  });
});

describe('service centre (/service-centre)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceHarness();
  });
  afterAll(() => h?.stop());

  async function signIn(role: 'operator' | 'court' | 'mediator', subject: string) {
    const jar = new CookieJar();
    const page = await visit(h, jar, 'GET', '/service-centre');
    const token = await h.tokens.sign(role, subject);
    const signedIn = await visit(h, jar, 'POST', '/service-centre/sign-in', { csrf: csrfIn(page.text), token });
    return { jar, signedIn };
  }

  it('shows operators the served rate, times, attempts per channel and the unserved queue; records alternative service', async () => {
    // Prepare: one recipient signs for it (served), one never answers (unserved after the wait).
    const signedFor = await servedBySms(h);
    const silent = await servedBySms(h);
    await openPortalSession(
      h.httpDeps,
      signedFor.token,
      { code: signedFor.code, idLastDigits: signedFor.person.idLast4 },
      'centre-client',
    );
    await acknowledgeService(
      { ...h.deps, personConsentWrite: personConsentWriterOf(h.deps.store) },
      signedFor.token,
      { code: signedFor.code, idLastDigits: signedFor.person.idLast4 },
      {},
    );
    await Promise.all([h.whenClosed(signedFor.recipientId), h.whenClosed(silent.recipientId)]);

    // Act
    const { jar, signedIn } = await signIn('operator', 'op-centre');
    const page = await visit(h, jar, 'GET', '/service-centre');

    // Assess
    expect(signedIn.status).toBe(303);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-testid="served-rate"><b>50\.0%/);
    // Legal service beside actual notice: the one served recipient signed, so it has notice.
    expect(page.text).toMatch(/data-testid="actual-notice"><b>100\.0%/);
    expect(page.text).toMatch(/data-testid="sms-attempts">2</);
    // The figures say which services they cover: here every one, the newest first.
    expect(page.text).toMatch(/data-testid="services-window">[^<]*(最新的 \d+ 件送达|the newest \d+ services)/);
    expect(page.text).not.toContain('data-testid="older-services"');
    expect(page.text).toContain(`data-recipient-id="${silent.recipientId}"`);
    expect(page.text).not.toContain(`data-recipient-id="${signedFor.recipientId}"`);
    expect(page.text).not.toContain(silent.phone.slice(-8));

    const recorded = await visit(
      h,
      jar,
      'POST',
      `/service-centre/services/${silent.serviceId}/recipients/${silent.recipientId}/alternative-service`,
      { csrf: csrfIn(page.text), method: 'post', reference: 'EMS1234567890CN' },
    );
    expect(recorded.status).toBe(303);
    const status = await h.call('GET', `/v1/services/${silent.serviceId}`, { as: operator });
    expect(status.json.recipients[0]).toMatchObject({ status: 'served_alternatively' });
    const after = await visit(h, jar, 'GET', '/service-centre?done=recorded');
    expect(after.text).not.toContain(`data-recipient-id="${silent.recipientId}"`);
  }, 90_000);

  it('answers a cursor it did not issue with 400 and the first window and page, naming the problem', async () => {
    const { jar } = await signIn('operator', 'op-cursor');

    const forgedQueue = await visit(h, jar, 'GET', '/service-centre?queue=v1.abc.def');
    const forgedServices = await visit(h, jar, 'GET', `/service-centre?services=${'x'.repeat(20)}`);

    for (const page of [forgedQueue, forgedServices]) {
      expect(page.status).toBe(400);
      expect(page.text).toContain('the cursor is not one this API issued for this list');
      expect(page.text).toContain('data-testid="services-window"');
    }
  });

  it('refuses anyone but an operator with a 403 page, and a form without its CSRF token', async () => {
    const court = await signIn('court', 'client-x');
    const mediator = await signIn('mediator', 'med-x');
    const operatorSession = await signIn('operator', 'op-csrf');
    const forged = await visit(
      h,
      operatorSession.jar,
      'POST',
      '/service-centre/services/srv_x/recipients/rcp_x/alternative-service',
      {
        csrf: 'y'.repeat(43),
        method: 'post',
      },
    );
    const anonymous = await visit(h, new CookieJar(), 'GET', '/service-centre');

    expect(court.signedIn.status).toBe(403);
    expect(mediator.signedIn.status).toBe(403);
    expect(forged.status).toBe(403);
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).toContain('name="token"');
  });
});
