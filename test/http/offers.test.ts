import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mediator } from '../../shared/domain/mediation/mediator';
import { defaultOfferSettings, type OfferDeps } from '../../shared/use-cases/offers/deps';
import { offerNext } from '../../shared/use-cases/offers/offer-next';
import { httpHarness } from '../support/http-harness';
import { fixtureOperator, putDispute, putMediator } from '../support/mediation-fixtures';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

describe('offers over HTTP', () => {
  let h: Harness;
  let offers: OfferDeps;

  beforeAll(async () => {
    h = await httpHarness();
    offers = {
      store: h.store,
      clock: h.deps.clock,
      ids: h.deps.ids,
      settings: defaultOfferSettings,
      requestMessage: h.deps.requestMessage,
      rankEligible: h.deps.rankEligible,
    };
  });

  const language = () => `x${randomBytes(4).toString('hex')}`;
  const as = (mediator: Mediator): ['mediator', string] => ['mediator', mediator.subjectId];

  async function offered(options: { deadlineHours?: number; mediators?: number } = {}) {
    const lang = language();
    const mediators: Mediator[] = [];
    for (let i = 0; i < (options.mediators ?? 2); i++) {
      mediators.push(await putMediator(h.store, { id: `med_${lang}_${i}`, languages: [lang] }));
    }
    const dispute = await putDispute(h.store, { language: lang });
    const result = await offerNext(offers, {
      disputeId: dispute.id,
      actor: fixtureOperator,
      ...(options.deadlineHours === undefined ? {} : { deadlineHours: options.deadlineHours }),
    });
    if (result.outcome !== 'offered') throw new Error('no offer');
    return { dispute, mediators, offer: result.offer, mediator: mediators[0] as Mediator };
  }

  it('lets exactly one of 50 concurrent accepts of one offer win; the others get 409', async () => {
    const { offer, mediator, dispute } = await offered();

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => h.call('POST', `/v1/offers/${offer.offerId}/accept`, { as: as(mediator) })),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await h.store.disputes.dispute(dispute.id)).dispute).toMatchObject({
      status: 'in_mediation',
      mediatorId: mediator.id,
    });
    expect((await h.store.roster.mediator(mediator.id))?.value.activeCases).toBe(1);
  });

  it("answers 404 to a mediator answering another mediator's offer, and changes nothing", async () => {
    const { offer, mediators } = await offered();
    const other = mediators[1] as Mediator;
    const before = await h.allItems();

    const accept = await h.call('POST', `/v1/offers/${offer.offerId}/accept`, { as: as(other) });
    const decline = await h.call('POST', `/v1/offers/${offer.offerId}/decline`, {
      as: as(other),
      body: { reason: 'not mine' },
    });

    expect(accept.status).toBe(404);
    expect(decline.status).toBe(404);
    expect(accept.json).toMatchObject({ code: 'not_found' });
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 403 to a party and 401 without a token', async () => {
    const { offer } = await offered();
    expect((await h.call('POST', `/v1/offers/${offer.offerId}/accept`, { as: ['party', 'usr_x'] })).status).toBe(403);
    expect((await h.call('POST', `/v1/offers/${offer.offerId}/accept`)).status).toBe(401);
  });

  it('refuses to accept an expired offer with 422 offer_expired', async () => {
    const { offer, mediator, dispute } = await offered();
    h.clock.passTo(offer.deadline);

    const response = await h
      .call('POST', `/v1/offers/${offer.offerId}/accept`, { as: as(mediator) })
      .finally(() => h.clock.reset());

    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({ code: 'offer_expired', status: 422 });
    expect((await h.store.disputes.dispute(dispute.id)).dispute.status).toBe('offered');
    expect((await h.store.offers.offer(offer.offerId)).offer.status).toBe('open');
  });

  it('declines with a reason; a body with extra fields is a 400', async () => {
    const { offer, mediator } = await offered();

    const extra = await h.call('POST', `/v1/offers/${offer.offerId}/decline`, {
      as: as(mediator),
      body: { reason: 'on leave', status: 'accepted' },
    });
    const declined = await h.call('POST', `/v1/offers/${offer.offerId}/decline`, {
      as: as(mediator),
      body: { reason: 'on leave next week' },
      headers: { 'idempotency-key': 'decline-1' },
    });
    const again = await h.call('POST', `/v1/offers/${offer.offerId}/accept`, { as: as(mediator) });

    expect(extra.status).toBe(400);
    expect(declined.status).toBe(200);
    expect(declined.json.offer).toMatchObject({ status: 'declined', declineReason: 'on leave next week' });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'offer_already_answered' });
  });

  it("lists the mediator's own offers with a masked summary", async () => {
    const { offer, mediator } = await offered();

    const response = await h.call('GET', '/v1/offers?status=open', { as: as(mediator) });

    expect(response.status).toBe(200);
    expect(response.json.items).toHaveLength(1);
    expect(response.json.items[0]).toMatchObject({ offerId: offer.offerId, status: 'open' });
    expect(response.json.items[0].dispute.summary).toContain('139****5678');
    expect(response.text).not.toContain('13912345678');
  });

  describe('POST /v1/disputes/{id}/assignment', () => {
    it('offers a triaged dispute to the mediator an operator names', async () => {
      const lang = language();
      const chosen = await putMediator(h.store, { languages: [lang] });
      const dispute = await putDispute(h.store, { language: lang });

      const response = await h.call('POST', `/v1/disputes/${dispute.id}/assignment`, {
        as: ['operator', 'usr_op'],
        body: { mediatorId: chosen.id },
      });

      expect(response.status).toBe(201);
      expect(response.json).toMatchObject({ mediatorId: chosen.id, origin: 'operator', status: 'open' });
    });

    it('refuses a conflicted mediator with the failing filters, and changes nothing', async () => {
      const lang = language();
      const dispute = await putDispute(h.store, { language: lang });
      const conflicted = await putMediator(h.store, {
        languages: [lang],
        conflicts: [dispute.involvedHashes[0] as string],
      });
      const before = await h.allItems();

      const response = await h.call('POST', `/v1/disputes/${dispute.id}/assignment`, {
        as: ['operator', 'usr_op'],
        body: { mediatorId: conflicted.id },
      });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({
        code: 'mediator_not_eligible',
        details: { filters: [expect.objectContaining({ code: 'conflict_of_interest' })] },
      });
      expect(await h.allItems()).toEqual(before);
    });

    it('refuses a dispute already offered (422), a mediator (403), an unknown dispute (404), extra fields (400)', async () => {
      const { dispute } = await offered();
      const operator: ['operator', string] = ['operator', 'usr_op'];

      const offeredAlready = await h.call('POST', `/v1/disputes/${dispute.id}/assignment`, { as: operator, body: {} });
      const byMediator = await h.call('POST', `/v1/disputes/${dispute.id}/assignment`, {
        as: ['mediator', 'sub_x'],
        body: {},
      });
      const unknown = await h.call('POST', '/v1/disputes/dsp_nope/assignment', { as: operator, body: {} });
      const extra = await h.call('POST', `/v1/disputes/${dispute.id}/assignment`, {
        as: operator,
        body: { mediatorId: 'med_x', status: 'in_mediation' },
      });

      expect(offeredAlready.status).toBe(422);
      expect(offeredAlready.json).toMatchObject({ code: 'dispute_not_assignable' });
      expect(byMediator.status).toBe(403);
      expect(unknown.status).toBe(404);
      expect(extra.status).toBe(400);
    });
  });

  describe('POST /v1/assignments/batch', () => {
    it('assigns open disputes optimally, creates the offers, and reports the greedy total beside it', async () => {
      // Its own table: the batch takes every open dispute of the store.
      const batch = await httpHarness();
      const lang = language();
      // X speaks both languages and scores best; Y only the first. Greedy gives A to X and leaves
      // B (which only X can take) unassigned; the optimum gives A to Y and B to X.
      const x = await putMediator(batch.store, {
        id: 'med_x',
        languages: [lang, 'en'],
        capacity: 1,
        specialties: ['online_shopping_contract'],
      });
      const y = await putMediator(batch.store, {
        id: 'med_y',
        languages: [lang],
        capacity: 1,
        specialties: ['labour', 'family', 'commercial', 'traffic_accident', 'online_shopping_contract'],
      });
      const a = await putDispute(batch.store, { language: lang });
      const b = await putDispute(batch.store, { language: 'en', status: 'awaiting_assignment' });
      await putDispute(batch.store, { language: lang, status: 'in_mediation' }); // not open: left alone

      const response = await batch.call('POST', '/v1/assignments/batch', { as: ['operator', 'usr_op'], body: {} });

      expect(response.status).toBe(200);
      const report = response.json;
      expect(report).toMatchObject({ method: 'optimal', assignedCount: 2, disputesConsidered: 2 });
      expect(report.greedy.assignedCount).toBe(1);
      expect(report.totalScore).toBeGreaterThan(report.greedy.totalScore);
      const byDispute = Object.fromEntries(
        report.assignments.map((assignment: { disputeId: string; mediatorId: string }) => [
          assignment.disputeId,
          assignment.mediatorId,
        ]),
      );
      expect(byDispute).toEqual({ [a.id]: y.id, [b.id]: x.id });
      for (const assignment of report.assignments) {
        const { offer } = await batch.store.offers.offer(assignment.offerId);
        expect(offer).toMatchObject({ origin: 'batch', status: 'open', disputeId: assignment.disputeId });
        expect((await batch.store.disputes.dispute(assignment.disputeId)).dispute.status).toBe('offered');
      }
      expect((await batch.call('POST', '/v1/assignments/batch', { as: ['mediator', 'sub_x'], body: {} })).status).toBe(
        403,
      );
    });
  });
});
