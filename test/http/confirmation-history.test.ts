import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { operator } from '../support/mediation-api';
import { putOrganization, putSettledCase, type SettledCase } from '../support/settlement-fixtures';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** The fake clock every use case reads: 10 March 2026, five days after the settlements took effect. */
let now = new Date('2026-03-10T02:00:00.000Z');
const clock = { now: () => new Date(now) };

let h: Harness;
let organizationId: string;
const courts: Record<string, { id: string; clientId: string }> = {};

async function registerCourt(key: string, regions: string[]) {
  const clientId = h.uniqueClientId();
  const response = await h.call('POST', '/v1/courts', {
    as: operator,
    body: {
      name: `Court ${key}`,
      level: 'basic',
      regionCode: regions[0],
      jurisdiction: { regions, caseTypes: [] },
      clientId,
    },
  });
  if (response.status !== 201) throw new Error(response.text);
  courts[key] = { id: response.json.id, clientId };
}

const asCourt = (key: string): ['court', string] => ['court', courts[key]?.clientId as string];
const asParty = (c: SettledCase, index: number): ['party', string] => ['party', c.subjects[index] as string];
const asMediator = (c: SettledCase): ['mediator', string] => ['mediator', c.mediatorSubject];

const settled = () => putSettledCase(h.store, { organizationId, effectiveAt: '2026-03-05T02:00:00.000Z' });

const apply = (c: SettledCase, index: number, court: string) =>
  h.call('POST', `/v1/settlements/${c.settlement.settlementId}/confirmation-requests`, {
    as: asParty(c, index),
    body: { courtId: courts[court]?.id },
  });

/** Both parties applied to `court`, which gave `answer` on accepting the application for review. */
async function answered(c: SettledCase, court: string, answer: { accepted: boolean; reasons?: string }) {
  await apply(c, 0, court);
  const joined = await apply(c, 1, court);
  expect(joined.status, joined.text).toBe(200);
  const requestId = joined.json.requestId as string;
  const acceptance = await h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
    as: asCourt(court),
    body: answer,
  });
  expect(acceptance.status, acceptance.text).toBe(200);
  return requestId;
}

const accepted = (c: SettledCase, court = 'futian') => answered(c, court, { accepted: true });
const notAccepted = (c: SettledCase, court = 'futian') =>
  answered(c, court, { accepted: false, reasons: 'Materials missing.' });

const withdraw = (c: SettledCase, index: number, requestId: string) =>
  h.call('POST', `/v1/confirmation-requests/${requestId}/withdrawal`, { as: asParty(c, index), body: {} });

const decide = (requestId: string, court: string, body: unknown) =>
  h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, { as: asCourt(court), body });

const rejection = { outcome: 'rejected', reasons: ['content_unclear'], text: 'The instalment terms are ambiguous.' };

beforeAll(async () => {
  h = await httpHarness({ clock });
  organizationId = (await putOrganization(h.store, { regionCode: '440303' })).id;
  await registerCourt('futian', ['440304']);
  await registerCourt('nanshan', ['440305']);
});

beforeEach(() => {
  now = new Date('2026-03-10T02:00:00.000Z');
});

describe('GET /v1/settlements/{id} after confirmation', () => {
  it('carries each application with its court, status and ruling number and date once confirmed', async () => {
    const c = await settled();
    const requestId = await accepted(c);
    await decide(requestId, 'futian', {
      outcome: 'confirmed',
      rulingNumber: '(2026)粤0304民特7号',
      rulingDate: '2026-03-10',
    });

    for (const as of [asParty(c, 0), asParty(c, 1), asMediator(c), asCourt('futian')]) {
      const view = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}`, { as });
      expect(view.status, view.text).toBe(200);
      expect(view.json.confirmations).toEqual([
        expect.objectContaining({
          requestId,
          courtId: courts.futian?.id,
          courtName: 'Court futian',
          status: 'confirmed',
          enforceable: true,
          acceptance: expect.objectContaining({ accepted: true }),
          decision: {
            outcome: 'confirmed',
            rulingNumber: '(2026)粤0304民特7号',
            rulingDate: '2026-03-10',
            decidedAt: '2026-03-10T02:00:00.000Z',
          },
        }),
      ]);
      // The court's working details stay with the application itself.
      expect(view.json.confirmations[0]).not.toHaveProperty('rulingDeadline');
      expect(view.json.confirmations[0].decision).not.toHaveProperty('late');
    }
  });

  it('keeps a rejected application with its reasons beside a later one, and shows a court only its own', async () => {
    const c = await settled();
    const first = await accepted(c, 'futian');
    await decide(first, 'futian', rejection);
    now = new Date('2026-03-11T02:00:00.000Z');
    const second = await apply(c, 0, 'nanshan');
    expect(second.status, second.text).toBe(201);
    await apply(c, 1, 'nanshan');

    const party = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}`, { as: asParty(c, 1) });
    const nanshan = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}`, { as: asCourt('nanshan') });

    expect(party.json.confirmations).toEqual([
      expect.objectContaining({
        requestId: first,
        status: 'rejected',
        decision: expect.objectContaining({ outcome: 'rejected', reasons: ['content_unclear'], text: rejection.text }),
      }),
      expect.objectContaining({ requestId: second.json.requestId, courtId: courts.nanshan?.id, status: 'submitted' }),
    ]);
    expect(nanshan.json.confirmations.map((item: { requestId: string }) => item.requestId)).toEqual([
      second.json.requestId,
    ]);
  });
});

describe('GET /v1/confirmation-requests/{id} for the dispute’s parties and mediator', () => {
  it('shows them the application, its court and the decision; strangers get 404 and the queue stays the court’s', async () => {
    const c = await settled();
    const requestId = await accepted(c);
    await decide(requestId, 'futian', rejection);

    for (const as of [asParty(c, 0), asParty(c, 1), asMediator(c)]) {
      const view = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as });
      expect(view.status, view.text).toBe(200);
      expect(view.json).toMatchObject({
        requestId,
        status: 'rejected',
        court: { courtId: courts.futian?.id, name: 'Court futian' },
        decision: { outcome: 'rejected', reasons: ['content_unclear'] },
        applicants: [{ partyId: c.parties[0]?.partyId }, { partyId: c.parties[1]?.partyId }],
      });
      // Not the court's reading: no contacts of the parties, no principals of who applied.
      expect(view.json).not.toHaveProperty('parties');
      expect(JSON.stringify(view.json)).not.toContain(c.subjects[0]);
      expect(JSON.stringify(view.json)).not.toContain('+8613812345678');
    }
    const stranger = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: ['party', 'someone-else'] });
    const otherMediator = await h.call('GET', `/v1/confirmation-requests/${requestId}`, {
      as: ['mediator', 'another-mediator'],
    });
    const queue = await h.call('GET', '/v1/confirmation-requests?status=rejected', { as: asParty(c, 0) });
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get('content-type')).toBe('application/problem+json');
    expect(otherMediator.status).toBe(404);
    expect(queue.status).toBe(403);
  });

  it('shows a party an application still gathering parties, which no court sees yet', async () => {
    const c = await settled();
    const opened = await apply(c, 0, 'futian');

    const party = await h.call('GET', `/v1/confirmation-requests/${opened.json.requestId}`, { as: asParty(c, 1) });
    const court = await h.call('GET', `/v1/confirmation-requests/${opened.json.requestId}`, { as: asCourt('futian') });

    expect(party.json).toMatchObject({ status: 'gathering', applicants: [{ partyId: c.parties[0]?.partyId }] });
    expect(court.status).toBe(404);
  });
});

describe('POST /v1/confirmation-requests/{id}/documents on an application that takes no decision', () => {
  it('refuses a withdrawn, a not accepted and a decided application with 409 application_not_decidable', async () => {
    const withdrawnCase = await settled();
    const withdrawn = await accepted(withdrawnCase);
    await withdraw(withdrawnCase, 0, withdrawn);
    const decidedCase = await settled();
    const decided = await accepted(decidedCase);
    await decide(decided, 'futian', rejection);
    const refused = await notAccepted(await settled());
    const before = await h.allItems();

    for (const [requestId, status] of [
      [withdrawn, 'withdrawn'],
      [decided, 'rejected'],
      [refused, 'not_accepted'],
    ]) {
      const offer = await h.call('POST', `/v1/confirmation-requests/${requestId}/documents`, {
        as: asCourt('futian'),
        body: { mediaType: 'application/pdf' },
      });
      expect([offer.status, offer.json.code], status).toEqual([409, 'application_not_decidable']);
      expect(offer.headers.get('content-type')).toBe('application/problem+json');
      expect(offer.json.details).toEqual({ status });
    }
    expect(await h.allItems()).toEqual(before);
  });
});

describe('applying again after a rejection', () => {
  it('refuses the court that rejected the settlement (422 rejected_by_this_court) and changes nothing', async () => {
    const c = await settled();
    const rejected = await accepted(c, 'futian');
    await decide(rejected, 'futian', rejection);
    const before = await h.allItems();

    const again = await apply(c, 0, 'futian');

    expect(again.status).toBe(422);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.json).toMatchObject({ code: 'rejected_by_this_court', details: { requestId: rejected } });
    expect(await h.allItems()).toEqual(before);
  });

  it('says in the pre-check which competent court rejected the settlement, and counts only the others', async () => {
    const c = await settled();
    const rejected = await accepted(c, 'futian');
    await decide(rejected, 'futian', rejection);

    const check = await h.call('GET', `/v1/settlements/${c.settlement.settlementId}/eligible-courts`, {
      as: asParty(c, 0),
    });

    expect(check.status, check.text).toBe(200);
    expect(check.json.rejectedCourtIds).toEqual([courts.futian?.id]);
    const competent = check.json.verdicts.find((verdict: { rule: string }) => verdict.rule === 'competent_court');
    expect(competent).toMatchObject({ passed: true, details: { rejectedCourtIds: [courts.futian?.id] } });
    expect(check.json.eligible).toBe(true); // Nanshan, where the other party lives, is still open
  });

  it('lets the parties go to another competent court, and the same court again after a withdrawal or a refusal to accept', async () => {
    const c = await settled();
    const rejected = await accepted(c, 'futian');
    await decide(rejected, 'futian', rejection);
    expect((await apply(c, 0, 'nanshan')).status).toBe(201);

    const withdrawnCase = await settled();
    await withdraw(withdrawnCase, 1, await accepted(withdrawnCase, 'futian'));
    expect((await apply(withdrawnCase, 0, 'futian')).status).toBe(201);

    const refusedCase = await settled();
    await notAccepted(refusedCase, 'futian');
    expect((await apply(refusedCase, 0, 'futian')).status).toBe(201);
  });
});
