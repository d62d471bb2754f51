import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callbackContract } from '../support/callback-contract';
import { httpHarness } from '../support/http-harness';
import { operator } from '../support/mediation-api';
import { putOrganization, putSettledCase, type SettledCase } from '../support/settlement-fixtures';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** The fake clock every use case reads: tests move it to the instant they are about. */
let now = new Date('2026-03-10T02:00:00.000Z');
const clock = { now: () => new Date(now) };

let h: Harness;
let organizationId: string;
const courts: Record<string, { id: string; clientId: string }> = {};

async function registerCourt(key: string, level: string, regions: string[], caseTypes: string[] = []) {
  const clientId = h.uniqueClientId();
  const response = await h.call('POST', '/v1/courts', {
    as: operator,
    body: {
      name: `Court ${key}`,
      level,
      regionCode: `${regions[0]}000000`.slice(0, 6),
      jurisdiction: { regions, caseTypes },
      clientId,
    },
  });
  if (response.status !== 201) throw new Error(response.text);
  courts[key] = { id: response.json.id, clientId };
}

const asCourt = (key: string): ['court', string] => ['court', courts[key]?.clientId as string];
const asParty = (c: SettledCase, index: number): ['party', string] => ['party', c.subjects[index] as string];

async function settled(options: Omit<Parameters<typeof putSettledCase>[1], 'organizationId'> = {}) {
  return putSettledCase(h.store, { organizationId, effectiveAt: '2026-03-05T02:00:00.000Z', ...options });
}

async function apply(c: SettledCase, index: number, court: string, headers: Record<string, string> = {}) {
  return h.call('POST', `/v1/settlements/${c.settlement.settlementId}/confirmation-requests`, {
    as: asParty(c, index),
    body: { courtId: courts[court]?.id },
    headers,
  });
}

/** A settlement both parties applied for at `court`: submitted, in that court's queue. */
async function submitted(court = 'futian') {
  const c = await settled();
  const opened = await apply(c, 0, court);
  const joined = await apply(c, 1, court);
  if (opened.status !== 201 || joined.status !== 200) throw new Error(`${opened.text} ${joined.text}`);
  return { case: c, requestId: joined.json.requestId as string };
}

async function accepted(court = 'futian') {
  const s = await submitted(court);
  const response = await h.call('POST', `/v1/confirmation-requests/${s.requestId}/acceptance`, {
    as: asCourt(court),
    body: { accepted: true },
  });
  if (response.status !== 200) throw new Error(response.text);
  return s;
}

beforeAll(async () => {
  h = await httpHarness({ clock });
  organizationId = (await putOrganization(h.store, { regionCode: '440303' })).id;
  await registerCourt('futian', 'basic', ['440304']);
  await registerCourt('nanshan', 'basic', ['440305']);
  await registerCourt('luohuLabour', 'basic', ['440303'], ['labour']);
  await registerCourt('shenzhenIntermediate', 'intermediate', ['4403']);
  await registerCourt('chaoyang', 'basic', ['110105']);
});

beforeEach(() => {
  now = new Date('2026-03-10T02:00:00.000Z');
});

describe('GET /v1/settlements/{id}/eligible-courts', () => {
  it("gives its parties and its mediator every rule's verdict and the competent courts with their grounds", async () => {
    const c = await settled();
    for (const as of [asParty(c, 0), asParty(c, 1), ['mediator', c.mediatorSubject] as ['mediator', string]]) {
      const response = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}/eligible-courts`, { as });
      expect(response.status).toBe(200);
      expect(response.json.eligible).toBe(true);
      expect(response.json.verdicts.map((v: { rule: string }) => v.rule)).toEqual([
        'settlement_effective',
        'all_parties_signed',
        'within_application_window',
        'confirmable_matter',
        'competent_court',
      ]);
      const competent = response.json.competence.courts.map((court: { courtId: string }) => court.courtId).sort();
      expect(competent).toEqual([courts.futian?.id, courts.nanshan?.id].sort());
      expect(response.json.competence.basis).toBe('basic_level');
      // 30 days from 5 March end on Saturday 4 April, in the Qingming holiday: the window runs to 7 April.
      expect(response.json.applicationDeadline.lastDay).toBe('2026-04-07');
    }
  });

  it('is 404 for anyone who is not its party or mediator, 403 for a court', async () => {
    const c = await settled();
    const stranger = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}/eligible-courts`, {
      as: ['party', 'someone-else'],
    });
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get('content-type')).toBe('application/problem+json');
    const missing = await h.call('GET', '/v1/settlements/stl_nope/eligible-courts', { as: asParty(c, 0) });
    expect(missing.status).toBe(404);
    const court = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}/eligible-courts`, {
      as: asCourt('futian'),
    });
    expect(court.status).toBe(403);
  });

  it('names only the intermediate court for a claim at the intermediate threshold (CNY 500 million)', async () => {
    const c = await settled({ dispute: { claim: { amountMinor: 500_000_000 * 100, currency: 'CNY' } } });
    const response = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}/eligible-courts`, {
      as: asParty(c, 0),
    });
    expect(response.json.competence.basis).toBe('intermediate');
    expect(response.json.competence.courts.map((court: { courtId: string }) => court.courtId)).toEqual([
      courts.shenzhenIntermediate?.id,
    ]);
  });
});

describe('POST /v1/settlements/{id}/confirmation-requests', () => {
  it('accepts an application on the last day of a window that ends after a holiday', async () => {
    const c = await settled();
    now = new Date('2026-04-07T15:59:59.999Z'); // 23:59:59.999 on 7 April in Shanghai
    const response = await apply(c, 0, 'futian');
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ status: 'gathering', courtId: courts.futian?.id });
    expect(response.headers.get('location')).toBe(`/v1/confirmation-requests/${response.json.requestId}`);
  });

  it('refuses an application the day after the window closed, and writes nothing', async () => {
    const c = await settled();
    now = new Date('2026-04-07T16:00:00.000Z'); // 00:00 on 8 April in Shanghai
    const before = await h.allItems();
    const response = await apply(c, 0, 'futian');
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ code: 'application_window_closed' });
    expect(response.json.detail).toMatch(/30 days.*2026-04-07/);
    expect(await h.allItems()).toEqual(before);
  });

  it('refuses a court that is not competent (another place; a court for other case types)', async () => {
    const c = await settled();
    const before = await h.allItems();
    for (const court of ['chaoyang', 'luohuLabour', 'shenzhenIntermediate']) {
      const response = await apply(c, 0, court);
      expect(response.status).toBe(422);
      expect(response.json.code).toBe('court_not_competent');
    }
    const unknown = await h.call('POST', `/v1/settlements/${c.settlement.settlementId}/confirmation-requests`, {
      as: asParty(c, 0),
      body: { courtId: 'crt_unknown' },
    });
    expect(unknown.json.code).toBe('court_not_competent');
    expect(await h.allItems()).toEqual(before);
  });

  it('sends a dispute within intermediate jurisdiction to the intermediate court, not a basic one', async () => {
    const c = await settled({ dispute: { claim: { amountMinor: 600_000_000 * 100, currency: 'CNY' } } });
    expect((await apply(c, 0, 'futian')).json.code).toBe('court_not_competent');
    expect((await apply(c, 0, 'shenzhenIntermediate')).status).toBe(201);
  });

  it('applies only to the inviting court when a court invited the mediation', async () => {
    const c = await settled({ dispute: { courtId: courts.nanshan?.id as string } });
    expect((await apply(c, 0, 'futian')).json.code).toBe('court_not_competent');
    expect((await apply(c, 0, 'nanshan')).status).toBe(201);
  });

  it('refuses a matter of personal status', async () => {
    const c = await settled({ subjectMatter: { touchesPersonalStatus: true, description: 'adoption' } });
    const response = await apply(c, 0, 'futian');
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({ code: 'matter_not_confirmable' });
    expect(response.json.detail).toMatch(/personal status/);
  });

  it('refuses a settlement a party has not signed', async () => {
    const c = await settled({ signedBy: [0] });
    const response = await apply(c, 0, 'futian');
    expect(response.status).toBe(422);
    expect(response.json.code).toBe('settlement_not_effective');
    const check = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}/eligible-courts`, {
      as: asParty(c, 0),
    });
    const signed = check.json.verdicts.find((v: { rule: string }) => v.rule === 'all_parties_signed');
    expect(signed).toMatchObject({ passed: false, details: { missingPartyIds: [c.parties[1]?.partyId] } });
  });

  it('lets one party apply and the other join; when all have joined it is submitted with the 3-day acceptance deadline', async () => {
    const c = await settled();
    const opened = await apply(c, 0, 'futian');
    expect(opened.status).toBe(201);
    expect(opened.json.status).toBe('gathering');

    // The court does not see an application still gathering parties.
    const hidden = await h.call('GET', `/v1/confirmation-requests/${opened.json.requestId}`, { as: asCourt('futian') });
    expect(hidden.status).toBe(404);

    const otherCourt = await apply(c, 1, 'nanshan');
    expect(otherCourt.status).toBe(422);
    expect(otherCourt.json.code).toBe('application_court_mismatch');

    const joined = await apply(c, 1, 'futian');
    expect(joined.status).toBe(200);
    expect(joined.json).toMatchObject({
      requestId: opened.json.requestId,
      status: 'submitted',
      acceptanceDeadline: { lastDay: '2026-03-13' },
    });
    expect(joined.json.applicants.map((a: { partyId: string }) => a.partyId)).toEqual(c.parties.map((p) => p.partyId));
    expect(joined.text, 'applicants are named by party, not by principal id').not.toContain('subjectId');

    const repeat = await apply(c, 1, 'futian');
    expect(repeat.status).toBe(200);
    expect(repeat.json).toEqual(joined.json);

    const { settlement } = await h.store.settlements.settlement(c.settlement.settlementId);
    expect(settlement.courtIds).toEqual([courts.futian?.id]);
    // The court applied to may now read the settlement; another court still may not.
    const read = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}`, { as: asCourt('futian') });
    expect(read.status).toBe(200);
    const other = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}`, { as: asCourt('nanshan') });
    expect(other.status).toBe(404);
    const chain = await h.store.readChain(`CASE#${c.dispute.id}`);
    expect(chain.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['confirmation.opened', 'confirmation.submitted']),
    );
  });

  it('is 404 for a party of another dispute, 403 for a mediator; bad bodies are 400 and change nothing', async () => {
    const c = await settled();
    const before = await h.allItems();
    const stranger = await h.call('POST', `/v1/settlements/${c.settlement.settlementId}/confirmation-requests`, {
      as: ['party', 'sub-stranger'],
      body: { courtId: courts.futian?.id },
    });
    expect(stranger.status).toBe(404);
    const mediator = await h.call('POST', `/v1/settlements/${c.settlement.settlementId}/confirmation-requests`, {
      as: ['mediator', c.mediatorSubject],
      body: { courtId: courts.futian?.id },
    });
    expect(mediator.status).toBe(403);
    for (const body of [{}, { courtId: courts.futian?.id, status: 'submitted' }, { courtId: 7 }]) {
      const response = await h.call('POST', `/v1/settlements/${c.settlement.settlementId}/confirmation-requests`, {
        as: asParty(c, 0),
        body,
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.json.code).toBe('validation_failed');
    }
    expect(await h.allItems()).toEqual(before);
  });
});

describe('court API', () => {
  it("lists only this court's queue by status with cursor pagination, flagging overdue acceptance", async () => {
    const first = await submitted('nanshan');
    const second = await submitted('nanshan');
    await submitted('futian');

    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.call(
        'GET',
        `/v1/confirmation-requests?status=submitted&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        {
          as: asCourt('nanshan'),
        },
      );
      expect(page.status).toBe(200);
      ids.push(...page.json.items.map((item: { requestId: string }) => item.requestId));
      cursor = page.json.cursor;
    } while (cursor);
    expect(ids.sort()).toEqual([first.requestId, second.requestId].sort());

    // Submitted on 10 March: the court has until the end of 13 March.
    now = new Date('2026-03-13T15:59:59.999Z');
    let queue = await h.call('GET', '/v1/confirmation-requests?status=submitted', { as: asCourt('nanshan') });
    expect(queue.json.items.every((item: { acceptanceOverdue: boolean }) => !item.acceptanceOverdue)).toBe(true);
    now = new Date('2026-03-13T16:00:00.000Z');
    queue = await h.call('GET', '/v1/confirmation-requests?status=submitted', { as: asCourt('nanshan') });
    expect(queue.json.items.every((item: { acceptanceOverdue: boolean }) => item.acceptanceOverdue)).toBe(true);

    const badStatus = await h.call('GET', '/v1/confirmation-requests?status=gathering', { as: asCourt('nanshan') });
    expect(badStatus.status).toBe(400);
    const forged = await h.call('GET', '/v1/confirmation-requests?cursor=not-a-cursor', { as: asCourt('nanshan') });
    expect(forged.status).toBe(400);
    // A signed cursor of Nanshan's queue is refused on another court's queue and on another status.
    const issued = (
      await h.call('GET', '/v1/confirmation-requests?status=submitted&limit=1', { as: asCourt('nanshan') })
    ).json.cursor as string;
    const own = await h.call('GET', `/v1/confirmation-requests?status=submitted&cursor=${issued}`, {
      as: asCourt('nanshan'),
    });
    expect(own.status).toBe(200);
    for (const [court, status] of [
      ['futian', 'submitted'],
      ['nanshan', 'accepted'],
    ] as const) {
      const crossed = await h.call('GET', `/v1/confirmation-requests?status=${status}&cursor=${issued}`, {
        as: asCourt(court),
      });
      expect(crossed.status, `${court} ${status}`).toBe(400);
      expect(crossed.json.code).toBe('invalid_input');
    }
  });

  it('shows its own application with terms, document hash, signatures, parties unmasked, mediator and organization', async () => {
    const { case: c, requestId } = await submitted();
    const response = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: asCourt('futian') });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      requestId,
      status: 'submitted',
      settlement: {
        settlementId: c.settlement.settlementId,
        obligations: c.settlement.obligations,
        document: {
          sha256: c.settlement.document.sha256,
          href: `/v1/settlements/${c.settlement.settlementId}/document`,
        },
      },
      mediator: { name: expect.any(String) },
      organization: { organizationId },
    });
    expect(response.json.settlement.signatures).toHaveLength(2);
    expect(response.json.settlement.signatures[0].signedAt).toBe('2026-03-05T02:00:00.000Z');
    expect(response.json.parties[0]).toMatchObject({
      name: 'Zhang San',
      contact: { phone: '+8613812345678' },
      personId: expect.stringMatching(/^psn_/),
    });
    expect(response.text, 'no principal id of a party reaches the court').not.toContain('subjectId');
  });

  it("answers 404 on every route for another court's application", async () => {
    const { requestId } = await accepted('futian');
    const before = await h.allItems();
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/v1/confirmation-requests/${requestId}`],
      ['POST', `/v1/confirmation-requests/${requestId}/acceptance`, { accepted: true }],
      ['POST', `/v1/confirmation-requests/${requestId}/extension`, {}],
      [
        'POST',
        `/v1/confirmation-requests/${requestId}/decision`,
        { outcome: 'confirmed', rulingNumber: '(2026)粤0305民特1号', rulingDate: '2026-03-10' },
      ],
    ];
    for (const [method, path, body] of routes) {
      const response = await h.call(method, path, { as: asCourt('nanshan'), ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      // A client no court on the roster holds is no court at all: refused before the route runs.
      const unregistered = await h.call(method, path, {
        as: ['court', 'unregistered-client'],
        ...(body ? { body } : {}),
      });
      expect(unregistered.status, `${method} ${path}`).toBe(401);
    }
    for (const status of ['submitted', 'accepted']) {
      const queue = await h.call('GET', `/v1/confirmation-requests?status=${status}`, { as: asCourt('nanshan') });
      expect(queue.json.items.map((item: { requestId: string }) => item.requestId)).not.toContain(requestId);
    }
    expect(await h.allItems()).toEqual(before);
    // Parties read their own applications; to a party of another dispute this one does not exist.
    const party = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: ['party', 'x'] });
    expect(party.status).toBe(404);
  });

  it('accepts for review idempotently: an identical repeat gives the same answer, a different one 409', async () => {
    const { requestId } = await submitted();
    const path = `/v1/confirmation-requests/${requestId}/acceptance`;
    const first = await h.call('POST', path, { as: asCourt('futian'), body: { accepted: true } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'accepted', rulingDeadline: { lastDay: '2026-03-25' } });
    const repeat = await h.call('POST', path, { as: asCourt('futian'), body: { accepted: true } });
    expect(repeat.status).toBe(200);
    expect(repeat.json).toEqual(first.json);
    const conflicting = await h.call('POST', path, {
      as: asCourt('futian'),
      body: { accepted: false, reasons: 'out of scope' },
    });
    expect(conflicting.status).toBe(409);
    expect(conflicting.json.code).toBe('acceptance_already_decided');
    const chain = await h.store.readChain(`CASE#${first.json.disputeId}`);
    expect(chain.events.filter((event) => event.type === 'confirmation.acceptance')).toHaveLength(1);
  });

  it('replays an Idempotency-Key repeat and records a not-accepted answer with its reasons', async () => {
    const { requestId } = await submitted();
    const path = `/v1/confirmation-requests/${requestId}/acceptance`;
    const headers = { 'idempotency-key': `accept-${requestId}` };
    const body = { accepted: false, reasons: 'the dispute is already before another court' };
    const first = await h.call('POST', path, { as: asCourt('futian'), body, headers });
    expect(first.json.status).toBe('not_accepted');
    const replay = await h.call('POST', path, { as: asCourt('futian'), body, headers });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(first.json);
    const missingReasons = await h.call(
      'POST',
      `/v1/confirmation-requests/${(await submitted()).requestId}/acceptance`,
      {
        as: asCourt('futian'),
        body: { accepted: false },
      },
    );
    expect(missingReasons.status).toBe(422);
    expect(missingReasons.json.code).toBe('acceptance_reasons_required');
  });

  it('extends the ruling period once by 10 days; a repeat is the same, another extension 409', async () => {
    const { requestId } = await accepted();
    const path = `/v1/confirmation-requests/${requestId}/extension`;
    const first = await h.call('POST', path, { as: asCourt('futian'), body: {} });
    expect(first.status).toBe(200);
    // 15 days from 10 March end on 25 March; 10 more end on 4 April (Qingming), so 7 April.
    expect(first.json).toMatchObject({ rulingDeadline: { lastDay: '2026-04-07' }, extended: true });
    const repeat = await h.call('POST', path, { as: asCourt('futian'), body: {} });
    expect(repeat.json).toEqual(first.json);
    const again = await h.call('POST', path, { as: asCourt('futian'), body: { reason: 'complex evidence' } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('extension_already_used');
  });

  it('flags an overdue ruling in the queue', async () => {
    const { requestId } = await accepted();
    now = new Date('2026-03-25T16:00:00.000Z');
    const queue = await h.call('GET', '/v1/confirmation-requests?status=accepted&limit=100', { as: asCourt('futian') });
    const item = queue.json.items.find((candidate: { requestId: string }) => candidate.requestId === requestId);
    expect(item).toMatchObject({ rulingOverdue: true, acceptanceOverdue: false });
  });

  it('confirms: the request becomes enforceable, the dispute chain records it, the outbox carries confirmation.decided', async () => {
    const { case: c, requestId } = await accepted();
    const path = `/v1/confirmation-requests/${requestId}/decision`;
    const body = { outcome: 'confirmed', rulingNumber: '(2026)粤0304民特88号', rulingDate: '2026-03-10' };
    const first = await h.call('POST', path, { as: asCourt('futian'), body });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'confirmed', enforceable: true, decision: { outcome: 'confirmed' } });
    const repeat = await h.call('POST', path, { as: asCourt('futian'), body });
    expect(repeat.json).toEqual(first.json);
    const conflicting = await h.call('POST', path, {
      as: asCourt('futian'),
      body: { outcome: 'rejected', reasons: ['not_voluntary'], text: 'coerced' },
    });
    expect(conflicting.status).toBe(409);

    const outbox = (await h.allItems()).filter((item) => item.type === 'confirmation.decided');
    expect(outbox.map((item) => item.payload)).toContainEqual({ requestId, outcome: 'confirmed' });
    const chain = await h.store.readChain(`CASE#${c.dispute.id}`);
    const decided = chain.events.filter((event) => event.type === 'confirmation.decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]?.data).toMatchObject({ requestId, outcome: 'confirmed', enforceable: true });
    const queue = await h.call('GET', '/v1/confirmation-requests?status=confirmed&limit=100', {
      as: asCourt('futian'),
    });
    expect(queue.json.items.map((item: { requestId: string }) => item.requestId)).toContain(requestId);
  });

  it('rejects with coded reasons and text; refuses a ruling before acceptance', async () => {
    const { requestId } = await accepted();
    const rejected = await h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: asCourt('futian'),
      body: { outcome: 'rejected', reasons: ['content_unclear', 'not_voluntary'], text: 'the terms are ambiguous' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.json).toMatchObject({
      status: 'rejected',
      enforceable: false,
      decision: { reasons: ['content_unclear', 'not_voluntary'] },
    });
    const early = await submitted();
    const response = await h.call('POST', `/v1/confirmation-requests/${early.requestId}/decision`, {
      as: asCourt('futian'),
      body: { outcome: 'rejected', reasons: ['content_unclear'], text: 'x' },
    });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe('application_not_accepted');
  });

  it('answers 400 problem+json for bad court bodies and changes nothing', async () => {
    const { requestId } = await accepted();
    const before = await h.allItems();
    const cases: Array<[string, unknown]> = [
      ['acceptance', { accepted: 'yes' }],
      ['acceptance', { accepted: true, status: 'confirmed' }],
      ['extension', { days: 30 }],
      ['decision', { outcome: 'rejected', reasons: ['because'], text: 'x' }],
      ['decision', { outcome: 'rejected', reasons: [], text: 'x' }],
      ['decision', { outcome: 'confirmed', rulingNumber: 'x', rulingDate: '10/03/2026' }],
      ['decision', { outcome: 'maybe' }],
    ];
    for (const [action, body] of cases) {
      const response = await h.call('POST', `/v1/confirmation-requests/${requestId}/${action}`, {
        as: asCourt('futian'),
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.json.errors.length).toBeGreaterThan(0);
    }
    const future = await h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: asCourt('futian'),
      body: { outcome: 'confirmed', rulingNumber: 'x', rulingDate: '2026-12-31' },
    });
    expect(future.status).toBe(422);
    expect(future.json.code).toBe('ruling_date_invalid');
    expect(await h.allItems()).toEqual(before);
    expect(await h.store.confirmationRequests.request(requestId)).toMatchObject({ request: { status: 'accepted' } });
  });
});

describe('POST /v1/confirmation-requests/{id}/withdrawal', () => {
  const withdraw = (requestId: string, as: ['party' | 'court' | 'mediator', string], body: unknown = {}) =>
    h.call('POST', `/v1/confirmation-requests/${requestId}/withdrawal`, { as, body });
  const webhookEvents = async (requestId: string) =>
    (await h.allItems()).filter(
      (item) =>
        item.type === 'webhook.event' &&
        (item.payload as { data?: { requestId?: string } }).data?.requestId === requestId,
    );

  it('lets either party withdraw an accepted application: it closes for all, the court is called back once, and the settlement may be applied for again', async () => {
    const { case: c, requestId } = await accepted();

    const first = await withdraw(requestId, asParty(c, 1), { reason: 'we settled the payment directly' });
    const repeat = await withdraw(requestId, asParty(c, 0));

    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ requestId, status: 'withdrawn' });
    expect(repeat.status).toBe(200);
    expect(repeat.json.status).toBe('withdrawn');
    const chain = await h.store.readChain(`CASE#${c.dispute.id}`);
    const withdrawn = chain.events.filter((event) => event.type === 'confirmation.withdrawn');
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]?.data).toMatchObject({
      requestId,
      previousStatus: 'accepted',
      reason: 'we settled the payment directly',
    });
    const callbacks = (await webhookEvents(requestId)).filter(
      (item) => (item.payload as { eventType: string }).eventType === 'application.withdrawn',
    );
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]?.payload).toMatchObject({
      courtId: courts.futian?.id,
      data: { requestId, disputeId: c.dispute.id },
    });
    // The body the court will receive, as the served document's `webhooks` describe it.
    const { eventType, occurredAt, data } = (callbacks[0] as { payload: unknown }).payload as {
      eventType: string;
      occurredAt: string;
      data: unknown;
    };
    const conforms = callbackContract((await h.call('GET', '/openapi.json')).json);
    expect(conforms({ type: eventType, timestamp: occurredAt, data } as { type: string })).toEqual([]);
    // The court can no longer rule on it, and it has left the court's accepted queue.
    const ruling = await h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: asCourt('futian'),
      body: { outcome: 'confirmed', rulingNumber: '(2026)粤0304民特89号', rulingDate: '2026-03-10' },
    });
    expect(ruling.status).toBe(422);
    const queue = await h.call('GET', '/v1/confirmation-requests?status=accepted&limit=100', { as: asCourt('futian') });
    expect(queue.json.items.map((item: { requestId: string }) => item.requestId)).not.toContain(requestId);
    // The window still runs: a new application opens.
    expect((await apply(c, 0, 'futian')).status).toBe(201);
  });

  it('does not call the court back for an application still gathering parties', async () => {
    const c = await settled();
    const opened = await apply(c, 0, 'futian');

    const response = await withdraw(opened.json.requestId, asParty(c, 0));

    expect(response.status).toBe(200);
    expect(response.json.status).toBe('withdrawn');
    expect(await webhookEvents(opened.json.requestId)).toEqual([]);
  });

  it('refuses after the decision (422 application_closed), hides it from strangers (404), and changes nothing', async () => {
    const { case: c, requestId } = await accepted();
    await h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: asCourt('futian'),
      body: { outcome: 'confirmed', rulingNumber: '(2026)粤0304民特90号', rulingDate: '2026-03-10' },
    });
    const before = await h.store.confirmationRequests.request(requestId);

    const late = await withdraw(requestId, asParty(c, 0));
    const stranger = await withdraw(requestId, ['party', 'someone-else']);
    const court = await withdraw(requestId, asCourt('futian'));
    const badBody = await withdraw(requestId, asParty(c, 0), { reason: '', extra: true });
    const unknown = await withdraw('cfr_nope', asParty(c, 0));

    expect(late.status).toBe(422);
    expect(late.json.code).toBe('application_closed');
    expect(stranger.status).toBe(404);
    expect(court.status).toBe(403);
    expect(badBody.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(await h.store.confirmationRequests.request(requestId)).toEqual(before);
  });
});
