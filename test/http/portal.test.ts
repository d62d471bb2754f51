import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleViolation } from '../../shared/domain/errors';
import { hashCode, hashToken } from '../../shared/domain/mediation/invitation';
import type { Clock } from '../../shared/ports/clock';
import { disputeRecords } from '../../shared/use-cases/disputes/dispute-records';
import { acknowledgeService, type PortalProof } from '../../shared/use-cases/service/portal';
import { openPortalSession, proofOfSession } from '../../shared/use-cases/service/portal-session';
import { type RecipientRecord, recipientWrite, serviceRecords } from '../../shared/use-cases/service/service-records';
import { MemoryStateStore } from '../support/memory-state-store';
import { CookieJar, csrfIn, operator, servedBySms } from '../support/portal-fixtures';
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

/** A page visit through app.request, with the jar's cookies, as a browser without script makes it. */
async function visit(
  h: ServiceHarness,
  jar: CookieJar,
  method: 'GET' | 'POST',
  path: string,
  form?: Record<string, string>,
) {
  const response = await h.app.request(path, {
    method,
    headers: {
      cookie: jar.header(),
      'user-agent': 'portal-test/1.0',
      // A browser's form post carries its page's origin.
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  jar.take(response);
  return { status: response.status, headers: response.headers, text: await response.text(), response };
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

  it('locks the link after five wrong tries, even for the right code', async () => {
    const served = await servedBySms(h);
    const jar = new CookieJar();
    const form = await visit(h, jar, 'GET', `/r/${served.token}`);
    const csrf = csrfIn(form.text);
    const wrong = served.code === '000000' ? '000001' : '000000';

    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        await visit(h, jar, 'POST', `/r/${served.token}`, { csrf, code: wrong, idLastDigits: served.person.idLast4 }),
      );
    }
    const right = await visit(h, jar, 'POST', `/r/${served.token}`, {
      csrf,
      code: served.code,
      idLastDigits: served.person.idLast4,
    });

    expect(answers.map((answer) => answer.status)).toEqual([422, 422, 422, 422, 422]);
    expect(answers[0]?.text).toContain('4 tries left');
    expect(answers[4]?.text).toContain('locked for 15 minutes');
    expect(right.status).toBe(422);
    expect(right.text).toContain('locked');
    expect(jar.get('portal_session')).toBeUndefined();
  });

  it('counts parallel guesses: none gets past the lock', async () => {
    const served = await servedBySms(h);
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(served.code) + 1 + i) % 1e6).padStart(6, '0'));

    const results = await Promise.allSettled(
      guesses.map((code) => openPortalSession(h.deps, served.token, { code, idLastDigits: served.person.idLast4 })),
    );
    const right = await openPortalSession(h.deps, served.token, {
      code: served.code,
      idLastDigits: served.person.idLast4,
    }).catch((error: unknown) => error);

    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(right).toBeInstanceOf(RuleViolation);
    expect((right as RuleViolation).code).toBe('link_locked');
    const chain = await h.store.readChain(serviceRecords.recipientChainId(served.serviceId, served.recipientId));
    const counted = chain.events.filter((event) => /portal_(proof_failed|locked)/.test(event.type));
    expect(counted.length).toBeGreaterThanOrEqual(5);
  });

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

  it('answers an unknown link with a 404 page', async () => {
    const page = await visit(h, new CookieJar(), 'GET', `/r/${randomBytes(24).toString('base64url')}`);
    expect(page.status).toBe(404);
    expect(page.text).toContain('This link is not valid');
  });
});

describe('openPortalSession under sustained guessing', () => {
  /**
   * One link, 10,000 wrong proofs spread over simulated hours: after every fifth the link is
   * locked, the right code is refused while it is, and the clock moves past the lock. 2,000 locks
   * of 15 minutes are about 21 days, within the link's 30.
   */
  it('accepts none of 10,000 wrong codes, and the right code still works afterwards', async () => {
    // Prepare: a recipient's attempt as the workflow leaves it, in memory.
    const start = Date.parse('2025-03-03T01:00:00Z');
    const clock = new FakeClock(start);
    const store = new MemoryStateStore(clock);
    const token = randomBytes(24).toString('base64url');
    const code = String(randomInt(0, 1e6)).padStart(6, '0');
    const personHash = randomBytes(32).toString('hex');
    const serviceId = 'srv_guessing';
    const recipientId = 'rcp_guessing';
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
      chainId: serviceRecords.recipientChainId(serviceId, recipientId),
      writes: [
        recipientWrite({ version: 0 }, recipient),
        {
          key: serviceRecords.tokenKey(hashToken(token)),
          expectedVersion: 0,
          attributes: { serviceId, recipientId, attemptNo: 1 },
        },
        {
          key: disputeRecords.personKey(personHash),
          expectedVersion: 0,
          attributes: { lookupHash: personHash, kind: 'person', name: '张三', idMasked: '440308********123X' },
        },
      ],
      event: { type: 'service.requested', actor: { role: 'operator', subjectId: 'test' }, data: {} },
    });
    const deps = { store, clock };
    const wrongProof = (i: number): PortalProof => {
      // Mostly wrong codes with the right digits; every seventh the right code with wrong digits.
      if (i % 7 === 0) return { code, idLastDigits: '9999' };
      let guess = String(randomInt(0, 1e6)).padStart(6, '0');
      if (guess === code) guess = String((Number(code) + 1) % 1e6).padStart(6, '0');
      return { code: guess, idLastDigits: '123X' };
    };

    // Act
    const outcomes = new Map<string, number>();
    let accepted = 0;
    let rightRefusedWhileLocked = 0;
    for (let i = 0; i < 10_000; i++) {
      try {
        await openPortalSession(deps, token, wrongProof(i));
        accepted++;
      } catch (error) {
        const ruleCode = error instanceof RuleViolation ? error.code : String(error);
        outcomes.set(ruleCode, (outcomes.get(ruleCode) ?? 0) + 1);
        const lockedUntil = error instanceof RuleViolation ? error.details?.triesLeft === 0 : false;
        if (lockedUntil) {
          const whileLocked = await openPortalSession(deps, token, { code, idLastDigits: '123X' }).catch((e) => e);
          if (whileLocked instanceof RuleViolation && whileLocked.code === 'link_locked') rightRefusedWhileLocked++;
          clock.advance(15 * 60_000 + 1_000);
        } else {
          clock.advance(1_000);
        }
      }
    }
    const opened = await openPortalSession(deps, token, { code, idLastDigits: '123x' });

    // Assess
    expect(accepted).toBe(0);
    expect(outcomes.get('wrong_proof')).toBe(10_000);
    expect(rightRefusedWhileLocked).toBe(2_000);
    expect(clock.now().getTime() - start).toBeGreaterThan(500 * 3600_000);
    const proof = await proofOfSession(deps, token, opened.cookie);
    expect(proof).toEqual({ code, idLastDigits: '123X' });
    const chain = await store.readChain(serviceRecords.recipientChainId(serviceId, recipientId));
    expect(chain.events.filter((event) => event.type === 'service.portal_locked')).toHaveLength(2_000);
    expect(chain.events.at(-1)?.type).toBe('service.portal_opened');
  }, 120_000);
});

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
    expect(await unknown.text()).toContain('data-verdict="unknown"');
    expect(malformed.status).toBe(404);
    expect(await malformed.text()).not.toContain('<script>');
    expect(empty.status).toBe(200);
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
    await openPortalSession(h.deps, signedFor.token, { code: signedFor.code, idLastDigits: signedFor.person.idLast4 });
    await acknowledgeService(
      h.deps,
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
    expect(page.text).toMatch(/data-testid="sms-attempts">2</);
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
