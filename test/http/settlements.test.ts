import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { messageRecords } from '../../shared/adapters/dynamodb/message-records';
import { disputeChainId } from '../../shared/domain/mediation/dispute';
import { httpHarness } from '../support/http-harness';
import { putMediator } from '../support/mediation-fixtures';
import { MemoryDocumentStore } from '../support/memory-document-store';
import { type CaseInMediation, laptopSettlementTerms, putCaseInMediation } from '../support/settlement-fixtures';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** A settable clock: 1 September 2026, 10:00 in Shanghai, unless a test moves it. */
const clock = { current: new Date('2026-09-01T02:00:00.000Z'), now: () => new Date(clock.current) };

let h: Harness;
let documents: MemoryDocumentStore;

beforeAll(async () => {
  documents = new MemoryDocumentStore();
  h = await httpHarness({ clock, documents });
});

type Case = CaseInMediation;

const caseInMediation = () => putCaseInMediation(h.store, clock);

function terms(c: Case, overrides: Record<string, unknown> = {}) {
  return { ...laptopSettlementTerms(c, 2026), ...overrides };
}

const as = {
  mediator: (c: Case): ['mediator', string] => ['mediator', c.mediator.subjectId],
  applicant: (c: Case): ['party', string] => ['party', c.applicant.subjectId],
  respondent: (c: Case): ['party', string] => ['party', c.respondent.subjectId],
};

async function record(c: Case, body: unknown = terms(c)) {
  return h.call('POST', `/v1/disputes/${c.disputeId}/settlement`, { as: as.mediator(c), body });
}

describe('POST /v1/disputes/{id}/settlement', () => {
  it('records the terms and returns the document hash; the dispute stays in mediation until it takes effect', async () => {
    // Prepare
    const c = await caseInMediation();

    // Act
    const response = await record(c);

    // Assess
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      disputeId: c.disputeId,
      version: 1,
      status: 'awaiting_signatures',
      signatures: [],
      document: { mediaType: 'application/json' },
    });
    expect(response.json.document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(response.json.courtIds).toBeUndefined();
    expect((await h.store.disputes.dispute(c.disputeId)).dispute.status).toBe('in_mediation');
    const { events } = await h.store.readChain(disputeChainId(c.disputeId));
    expect(events.at(-1)?.type).toBe('settlement.recorded');
  });

  it('is for the dispute’s own mediator only: another mediator gets 404, a party 403', async () => {
    const c = await caseInMediation();
    const other = await putMediator(h.store);
    const before = await h.allItems();

    const byOther = await h.call('POST', `/v1/disputes/${c.disputeId}/settlement`, {
      as: ['mediator', other.subjectId],
      body: terms(c),
    });
    const byParty = await h.call('POST', `/v1/disputes/${c.disputeId}/settlement`, {
      as: as.applicant(c),
      body: terms(c),
    });

    expect(byOther.status).toBe(404);
    expect(byOther.headers.get('content-type')).toContain('application/problem+json');
    expect(byParty.status).toBe(403);
    expect(await h.allItems()).toHaveLength(before.length);
  });

  it('answers 400 for input that breaks the schema and changes nothing', async () => {
    const c = await caseInMediation();
    const before = await h.allItems();
    const [payment, act] = terms(c).obligations as unknown as [Record<string, unknown>, Record<string, unknown>];

    const negative = await record(c, terms(c, { obligations: [{ ...payment, amountMinor: -5 }, act] }));
    const status = await record(c, { ...terms(c), status: 'effective' });
    const badDate = await record(c, terms(c, { obligations: [{ ...act, dueDate: '30/09/2026' }] }));

    for (const response of [negative, status, badDate]) {
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('validation_failed');
    }
    expect(negative.json.errors[0].path).toContain('amountMinor');
    expect(await h.allItems()).toHaveLength(before.length);
  });

  it('answers 422 with the rule for obligations outside the dispute, wrong sums and past dates, and changes nothing', async () => {
    const c = await caseInMediation();
    const before = await h.allItems();
    const [payment, act] = terms(c).obligations as unknown as [Record<string, unknown>, Record<string, unknown>];

    const stranger = await record(c, terms(c, { obligations: [{ ...act, creditor: 'pty_stranger' }] }));
    const sum = await record(
      c,
      terms(c, { obligations: [{ ...payment, instalments: [{ dueDate: '2026-09-30', amountMinor: 100 }] }] }),
    );
    const past = await record(c, terms(c, { obligations: [{ ...act, dueDate: '2026-08-31' }] }));

    expect([stranger.status, sum.status, past.status]).toEqual([422, 422, 422]);
    expect(stranger.json.code).toBe('obligation_party_unknown');
    expect(sum.json.code).toBe('instalments_sum_mismatch');
    expect(past.json.code).toBe('due_date_past');
    expect(await h.allItems()).toHaveLength(before.length);
  });

  it('refuses a dispute that is not in mediation with 422 not_in_mediation', async () => {
    const c = await caseInMediation();
    const closed = await h.call('POST', `/v1/disputes/${c.disputeId}/outcome`, {
      as: as.mediator(c),
      body: { kind: 'withdrawn', reason: 'party_withdrew' },
    });
    expect(closed.status).toBe(200);

    const response = await record(c);

    expect(response.status).toBe(422);
    expect(response.json.code).toBe('not_in_mediation');
  });
});

describe('GET /v1/settlements/{id} and /document', () => {
  it('shows the settlement and its canonical bytes to its parties and mediator, and 404 to anyone else', async () => {
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const outsider = await caseInMediation();

    const byParty = await h.call('GET', `/v1/settlements/${recorded.settlementId}`, { as: as.respondent(c) });
    const document = await h.call('GET', `/v1/settlements/${recorded.settlementId}/document`, { as: as.mediator(c) });
    const page = await h.call('GET', `/v1/settlements/${recorded.settlementId}/document?format=html`, {
      as: as.applicant(c),
    });
    const byOutsider = await h.call('GET', `/v1/settlements/${recorded.settlementId}`, { as: as.applicant(outsider) });
    const documentByOutsider = await h.call('GET', `/v1/settlements/${recorded.settlementId}/document`, {
      as: as.mediator(outsider),
    });
    const byCourt = await h.call('GET', `/v1/settlements/${recorded.settlementId}`, {
      as: ['court', await h.registeredCourtClient()],
    });

    expect(byParty.status).toBe(200);
    expect(byParty.json.document.sha256).toBe(recorded.document.sha256);
    expect(document.status).toBe(200);
    expect(document.headers.get('content-type')).toBe('application/json');
    expect(createHash('sha256').update(document.text).digest('hex')).toBe(recorded.document.sha256);
    expect(JSON.parse(document.text)).toMatchObject({ disputeId: c.disputeId, settlementVersion: 1 });
    expect(document.text).not.toContain('440304199');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('调解协议书 / Mediation settlement agreement');
    expect(page.text).toContain(recorded.document.sha256);
    expect([byOutsider.status, documentByOutsider.status, byCourt.status]).toEqual([404, 404, 404]);
  });
});

describe('POST /v1/settlements/{id}/signatures', () => {
  it('refuses a hash that is not the current document with 409 document_changed, and changes nothing', async () => {
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const before = await h.allItems();

    const response = await h.call('POST', `/v1/settlements/${recorded.settlementId}/signatures`, {
      as: as.applicant(c),
      body: { documentSha256: 'f'.repeat(64) },
    });

    expect(response.status).toBe(409);
    expect(response.json.code).toBe('document_changed');
    expect(await h.allItems()).toEqual(before);
  });

  it('is for the dispute’s parties: anyone else gets 404 (or 403 for a role that never signs)', async () => {
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const outsider = await caseInMediation();
    const body = { documentSha256: recorded.document.sha256 };

    const byOutsider = await h.call('POST', `/v1/settlements/${recorded.settlementId}/signatures`, {
      as: as.applicant(outsider),
      body,
    });
    const byMediator = await h.call('POST', `/v1/settlements/${recorded.settlementId}/signatures`, {
      as: as.mediator(c),
      body,
    });
    const unknown = await h.call('POST', '/v1/settlements/stl_missing/signatures', { as: as.applicant(c), body });

    expect(byOutsider.status).toBe(404);
    expect(byMediator.status).toBe(403);
    expect(unknown.status).toBe(404);
  });

  it('voids earlier signatures when the terms change', async () => {
    const c = await caseInMediation();
    const first = (await record(c)).json;
    const signed = await h.call('POST', `/v1/settlements/${first.settlementId}/signatures`, {
      as: as.applicant(c),
      body: { documentSha256: first.document.sha256 },
    });
    expect(signed.status).toBe(201);
    expect(signed.json.signatures).toHaveLength(1);

    // Act: the mediator changes one clause
    const second = await record(c, terms(c, { clauses: ['The respondent bears the costs.'] }));

    // Assess
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ settlementId: first.settlementId, version: 2, signatures: [] });
    expect(second.json.document.sha256).not.toBe(first.document.sha256);
    const stale = await h.call('POST', `/v1/settlements/${first.settlementId}/signatures`, {
      as: as.respondent(c),
      body: { documentSha256: first.document.sha256 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe('document_changed');
  });

  it('takes effect at the last signature, settles the dispute and opens a 30-day window that rolls past the National Day holiday', async () => {
    // Prepare
    clock.current = new Date('2026-09-01T02:00:00.000Z');
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const sign = (who: ['party', string]) =>
      h.call('POST', `/v1/settlements/${recorded.settlementId}/signatures`, {
        as: who,
        body: { documentSha256: recorded.document.sha256 },
        headers: { 'user-agent': 'vitest', 'x-forwarded-for': '203.0.113.7' },
      });

    // Act: the applicant signs on 1 September, the respondent on 3 September 10:00 Shanghai
    const first = await sign(as.applicant(c));
    const again = await sign(as.applicant(c));
    clock.current = new Date('2026-09-03T02:00:00.000Z');
    const last = await sign(as.respondent(c));

    // Assess: 3 September + 30 days = 3 October, a holiday until 7 October: the last day is 8 October
    expect(first.json.status).toBe('awaiting_signatures');
    expect(again.json.signatures).toHaveLength(1);
    expect(last.status).toBe(201);
    expect(last.json).toMatchObject({
      status: 'effective',
      effectiveAt: '2026-09-03T02:00:00.000Z',
      applicationDeadline: { lastDay: '2026-10-08', endsAt: '2026-10-08T16:00:00.000Z' },
    });
    expect(last.json.signatures).toEqual([
      expect.objectContaining({
        partyId: c.applicant.partyId,
        method: 'session',
        documentSha256: recorded.document.sha256,
      }),
      expect.objectContaining({ partyId: c.respondent.partyId, signedBy: c.respondent.subjectId }),
    ]);
    const dispute = (await h.store.disputes.dispute(c.disputeId)).dispute;
    expect(dispute).toMatchObject({ status: 'settled', closedAt: '2026-09-03T02:00:00.000Z' });
    const mediator = (await h.store.roster.mediator(c.mediator.id))?.value;
    expect(mediator?.activeCases).toBe(0);
    expect(mediator?.record[dispute.category]).toEqual({ settled: 1, closed: 1 });
    const { events } = await h.store.readChain(disputeChainId(c.disputeId));
    expect(events.map((event) => event.type).slice(-2)).toEqual(['settlement.signed', 'settlement.effective']);
    const changed = await record(c, terms(c, { clauses: ['Too late.'] }));
    expect(changed.status).toBe(422);
    clock.current = new Date('2026-09-01T02:00:00.000Z');
  });
});

describe('signing links', () => {
  async function sentLink(c: Case, settlementId: string) {
    const sent = await h.call('POST', `/v1/settlements/${settlementId}/signing-links`, {
      as: as.mediator(c),
      body: { partyId: c.respondent.partyId },
    });
    expect(sent.status).toBe(202);
    const message = await h.store.get(messageRecords.key(sent.json.messageId));
    const [token, code] = (message?.attributes.secrets ?? []) as [string, string];
    return { sent, token, code, message };
  }

  const form = (fields: Record<string, string>) => ({
    rawBody: new URLSearchParams(fields).toString(),
    // Page tests read English (the page comes in the visitor's language).
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
  });

  it('sends a link and code by SMS; the party proves who it is, reads the settlement and signs it', async () => {
    clock.current = new Date('2026-09-01T02:00:00.000Z');
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const { sent, token, code, message } = await sentLink(c, recorded.settlementId);
    expect(sent.json).toMatchObject({ partyId: c.respondent.partyId, channel: 'sms' });
    expect(message?.attributes.content).toMatchObject({ channel: 'sms', to: c.respondent.contact.phone });

    const page = await h.call('GET', `/s/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="proof-form"');
    expect(page.text).not.toContain('data-testid="sign-link-form"');

    const proven = await h.call('POST', `/s/${token}/document`, form({ code, idLastDigits: '123x' }));
    expect(proven.status).toBe(200);
    expect(proven.text).toContain('data-testid="sign-link-form"');
    expect(proven.text).toContain(recorded.document.sha256);

    const signed = await h.call(
      'POST',
      `/s/${token}`,
      form({ code, idLastDigits: '123x', documentSha256: recorded.document.sha256, agree: 'yes' }),
    );
    expect(signed.status).toBe(201);
    const settlement = await h.call('GET', `/v1/settlements/${recorded.settlementId}`, { as: as.mediator(c) });
    expect(settlement.json.signatures).toEqual([
      expect.objectContaining({ partyId: c.respondent.partyId, method: 'signing_link' }),
    ]);
    const reused = await h.call(
      'POST',
      `/s/${token}`,
      form({ code, idLastDigits: '123X', documentSha256: recorded.document.sha256, agree: 'yes' }),
    );
    expect(reused.status).toBe(422);
  });

  it('shows nothing of the settlement (no names, amounts or terms) to the link alone, before the proof', async () => {
    // Prepare: a link, and the settlement's own words as the proven page shows them
    clock.current = new Date('2026-09-01T02:00:00.000Z');
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const { token, code } = await sentLink(c, recorded.settlementId);
    const secrets = [
      c.applicant.name,
      c.respondent.name,
      'CNY 3,200.00',
      'Each party bears its own costs.',
      'Return the damaged laptop',
      'Sale of a laptop online',
      recorded.document.sha256,
    ];
    const proven = await h.call('POST', `/s/${token}/document`, form({ code, idLastDigits: '123X' }));
    for (const secret of secrets) expect(proven.text, 'the proven page shows it').toContain(secret);

    // Act: the link opened in either language, and a wrong proof
    const pages = [
      await h.call('GET', `/s/${token}`, { headers: { 'accept-language': 'en' } }),
      await h.call('GET', `/s/${token}`, { headers: { 'accept-language': 'zh' } }),
      await h.call('POST', `/s/${token}/document`, form({ code, idLastDigits: '0000' })),
      await h.call('POST', `/s/${token}`, form({ code, idLastDigits: '0000', agree: 'yes' })),
    ];

    // Assess: that a settlement of this case waits, the proof form, and none of its contents
    expect(pages.map((page) => page.status)).toEqual([200, 200, 422, 422]);
    expect(pages[0]?.text).toContain(`A settlement of dispute ${c.disputeId.slice(-8)} is waiting for your signature.`);
    for (const page of pages) {
      expect(page.text).toContain('data-testid="proof-form"');
      expect(page.text).not.toContain('data-testid="settlement-document"');
      for (const secret of secrets) expect(page.text).not.toContain(secret);
    }
  });

  it('gives a right proof its try back, on reading as on signing', async () => {
    clock.current = new Date('2026-09-01T02:00:00.000Z');
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const { token, code } = await sentLink(c, recorded.settlementId);
    const headers = { 'x-test-client-address': '198.51.100.32' };
    const fields = (extra: Record<string, string> = {}) => {
      const request = form({ code, idLastDigits: '123X', ...extra });
      return { ...request, headers: { ...request.headers, ...headers } };
    };

    // More readings with the right proof than the client has tries: none is held against it
    const readings = [];
    for (let i = 0; i < 7; i++) readings.push((await h.call('POST', `/s/${token}/document`, fields())).status);
    const signed = await h.call(
      'POST',
      `/s/${token}`,
      fields({ documentSha256: recorded.document.sha256, agree: 'yes' }),
    );

    expect(readings).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(signed.status).toBe(201);
  });

  it('shows bad input on the signing pages at its field, in the page language, with what was typed kept; nothing signed', async () => {
    clock.current = new Date('2026-09-01T02:00:00.000Z');
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const { token, code } = await sentLink(c, recorded.settlementId);
    const wrong = code === '000000' ? '111111' : '000000';
    const call = (path: string, fields: Record<string, string>, lang = 'en') => {
      const request = form(fields);
      return h.call('POST', path, {
        ...request,
        headers: { ...request.headers, 'accept-language': lang, 'x-test-client-address': '198.51.100.31' },
      });
    };
    const prove = (fields: Record<string, string>, lang = 'en') => call(`/s/${token}/document`, fields, lang);
    const sign = (fields: Record<string, string>) =>
      call(`/s/${token}`, { documentSha256: recorded.document.sha256, ...fields });
    const signatures = async () =>
      (await h.call('GET', `/v1/settlements/${recorded.settlementId}`, { as: as.mediator(c) })).json.signatures;

    // A malformed code: at its field, the ID digits kept, in either language.
    const malformed = await prove({ code: '12', idLastDigits: '123X' });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toMatch(/id="code-error">The code has 6 digits</);
    expect(malformed.text).toMatch(/id="idLastDigits"[^>]*value="123X"/);
    const chinese = await prove({ code: '12', idLastDigits: '123X' }, 'zh');
    expect(chinese.text).toContain('<html lang="zh-CN">');
    expect(chinese.text).toMatch(/id="code-error">验证码为 6 位数字</);

    // A wrong code: at the field with the tries left, what was typed kept.
    const refused = await prove({ code: wrong, idLastDigits: '123X' });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/id="code-error">The code or the ID digits are not right\. \d+ tries left\.</);
    expect(refused.text).toContain(`value="${wrong}"`);

    // No agreement ticked: the settlement again, the error at the box, the proof still carried.
    const unticked = await sign({ code, idLastDigits: '123X' });
    expect(unticked.status).toBe(400);
    expect(unticked.text).toMatch(/id="agree-error">Confirm you have read and agree to the settlement</);
    expect(unticked.text).toContain('data-testid="settlement-document"');
    expect(unticked.text).toMatch(/type="hidden" name="idLastDigits" value="123X"/);

    // A wrong code carried into the sign form: back to the proof, nothing of the settlement shown.
    const wrongSign = await sign({ code: wrong, idLastDigits: '123X', agree: 'yes' });
    expect(wrongSign.status).toBe(422);
    expect(wrongSign.text).toMatch(/id="code-error">The code or the ID digits are not right\. \d+ tries left\.</);
    expect(wrongSign.text).not.toContain('data-testid="settlement-document"');
    expect(await signatures()).toHaveLength(0);

    // A used link: its own page, in the page's language.
    expect((await sign({ code, idLastDigits: '123X', agree: 'yes' })).status).toBe(201);
    const used = await h.call('GET', `/s/${token}`, { headers: { 'accept-language': 'en' } });
    expect(used.status).toBe(422);
    expect(used.text).toContain('This signing link was used, replaced by a newer one, or has expired');
    expect(await signatures()).toHaveLength(1);
  });

  it('holds up a client for 15 minutes after five wrong tries, counting each before answering', async () => {
    clock.current = new Date('2026-09-01T02:00:00.000Z');
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const { token, code } = await sentLink(c, recorded.settlementId);
    const wrong = code === '000000' ? '111111' : '000000';
    const fields = (tryCode: string, digits: string) =>
      form({ code: tryCode, idLastDigits: digits, documentSha256: recorded.document.sha256, agree: 'yes' });
    // One client of its own: tries are counted per client, and other tests here move the clock.
    const attempt = (tryCode: string, digits = '123X') => {
      const request = fields(tryCode, digits);
      return h.call('POST', `/s/${token}`, {
        ...request,
        headers: { ...request.headers, 'x-test-client-address': '198.51.100.30' },
      });
    };

    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await attempt(wrong)).status);
    answers.push((await attempt(code, '9999')).status); // the right code with the wrong ID digits is wrong too
    const whileLocked = await attempt(code);
    clock.current = new Date('2026-09-01T02:16:00.000Z');
    const afterLock = await attempt(code);

    expect(answers).toEqual([422, 422, 422, 422, 422]);
    expect(whileLocked.status).toBe(429);
    expect(Number(whileLocked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    expect(Number(whileLocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(whileLocked.text).toContain('Too many wrong tries from here');
    expect(afterLock.status).toBe(201);
    const { events } = await h.store.readChain(disputeChainId(c.disputeId));
    expect(events.filter((event) => event.type === 'settlement.signing_failed')).toHaveLength(5);
    clock.current = new Date('2026-09-01T02:00:00.000Z');
  });

  it('lets a party ask for its own link only, and nobody outside the dispute', async () => {
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const outsider = await caseInMediation();

    const own = await h.call('POST', `/v1/settlements/${recorded.settlementId}/signing-links`, {
      as: as.applicant(c),
      body: {},
    });
    const forOther = await h.call('POST', `/v1/settlements/${recorded.settlementId}/signing-links`, {
      as: as.applicant(c),
      body: { partyId: c.respondent.partyId },
    });
    const byOutsider = await h.call('POST', `/v1/settlements/${recorded.settlementId}/signing-links`, {
      as: as.applicant(outsider),
      body: {},
    });

    expect(own.status).toBe(202);
    expect(own.json.partyId).toBe(c.applicant.partyId);
    expect(forOther.status).toBe(404);
    expect(byOutsider.status).toBe(404);
  });

  it('revokes the previous link with a new one, and caps the links the mediator sends at three a day', async () => {
    clock.current = new Date('2026-09-05T02:00:00.000Z');
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const send = () =>
      h.call('POST', `/v1/settlements/${recorded.settlementId}/signing-links`, {
        as: as.mediator(c),
        body: { partyId: c.respondent.partyId },
      });
    const first = await sentLink(c, recorded.settlementId);
    clock.current = new Date('2026-09-05T02:10:00.000Z');
    const second = await sentLink(c, recorded.settlementId);

    // The first link opens nothing any more; the second does
    expect((await h.call('GET', `/s/${first.token}`)).status).toBe(422);
    expect((await h.call('GET', `/s/${second.token}`)).status).toBe(200);
    const withOld = await h.call(
      'POST',
      `/s/${first.token}`,
      form({ code: first.code, idLastDigits: '123X', documentSha256: recorded.document.sha256, agree: 'yes' }),
    );
    expect(withOld.status).toBe(422);

    // The third an hour after the second; the fourth the next day
    clock.current = new Date('2026-09-05T02:30:00.000Z');
    const tooSoon = await send();
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get('retry-after')).toBe(String(40 * 60));
    clock.current = new Date('2026-09-05T03:10:00.000Z');
    expect((await send()).status).toBe(202);
    clock.current = new Date('2026-09-05T05:00:00.000Z');
    const before = await h.allItems();
    const fourth = await send();
    expect(fourth.status).toBe(429);
    expect(fourth.json.code).toBe('recipient_send_limit');
    expect(fourth.headers.get('retry-after')).toBe(String(21 * 3600));
    expect(await h.allItems()).toEqual(before);

    // The party's own request has its own allowance, and a fresh code on its link too
    const own = await h.call('POST', `/v1/settlements/${recorded.settlementId}/signing-links`, {
      as: as.respondent(c),
      body: {},
    });
    expect(own.status).toBe(202);
    const ownMessage = await h.store.get(messageRecords.key(own.json.messageId));
    const [ownToken] = (ownMessage?.attributes.secrets ?? []) as [string, string];
    clock.current = new Date('2026-09-05T05:01:00.000Z');
    const fresh = await h.call('POST', `/s/${ownToken}/code`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(fresh.status).toBe(202);
    clock.current = new Date('2026-09-01T02:00:00.000Z');
  });

  it('signs nothing once the terms changed', async () => {
    const c = await caseInMediation();
    const recorded = (await record(c)).json;
    const { token } = await sentLink(c, recorded.settlementId);
    await record(c, terms(c, { clauses: ['Changed.'] }));

    const page = await h.call('GET', `/s/${token}`);

    expect(page.status).toBe(409);
  });
});
