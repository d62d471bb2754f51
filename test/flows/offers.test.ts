import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disputeRecords } from '../../shared/adapters/dynamodb/dispute-records';
import { DomainError, RuleViolation } from '../../shared/domain/errors';
import { verifyChain } from '../../shared/domain/hash-chain';
import type { Dispute } from '../../shared/domain/mediation/dispute';
import { disputeChainId } from '../../shared/domain/mediation/dispute';
import type { Mediator } from '../../shared/domain/mediation/mediator';
import { acceptOffer, declineOffer } from '../../shared/use-cases/offers/answer-offer';
import { assignByOperator } from '../../shared/use-cases/offers/assign-by-operator';
import { expireOffer } from '../../shared/use-cases/offers/expire-offer';
import { offerNext } from '../../shared/use-cases/offers/offer-next';
import { eventually } from '../support/eventually';
import { asMediator, fixtureOperator, putDispute, putMediator } from '../support/mediation-fixtures';
import { type OfferHarness, startOfferHarness } from '../support/offer-harness';

const seconds = (value: number) => value / 3600;

describe('offers', () => {
  let h: OfferHarness;

  beforeAll(async () => {
    h = await startOfferHarness();
  });
  afterAll(() => h.stop());

  /** A roster of `count` equally good mediators speaking a language of their own, best first by id. */
  async function roster(language: string, count: number, overrides: Partial<Mediator> = {}): Promise<Mediator[]> {
    const mediators: Mediator[] = [];
    for (let i = 0; i < count; i++) {
      mediators.push(await putMediator(h.store, { id: `med_${language}_${i}`, languages: [language], ...overrides }));
    }
    return mediators;
  }

  async function firstOffer(dispute: Dispute, deadlineHours?: number) {
    const result = await offerNext(h.offers, {
      disputeId: dispute.id,
      actor: fixtureOperator,
      ...(deadlineHours === undefined ? {} : { deadlineHours }),
    });
    if (result.outcome !== 'offered') throw new Error(`expected an offer, got ${result.outcome}`);
    return result.offer;
  }

  /** Waits until the dispute is offered to someone other than `previousOfferId`, or escalated. */
  async function movedOn(disputeId: string, previousOfferId: string): Promise<Dispute> {
    return eventually(
      `dispute ${disputeId} moves on from offer ${previousOfferId}`,
      async () => {
        const current = (await h.store.disputes.dispute(disputeId)).dispute;
        const movedOn =
          current.status === 'awaiting_assignment' || (current.currentOfferId ?? previousOfferId) !== previousOfferId;
        return movedOn && current;
      },
      { timeout: 15_000 },
    );
  }

  /**
   * The dispute's chain, verified. Notices are still being delivered (their events extend the same
   * chain), and a read of the head and then the events may see one more event than the head: read
   * again until a read is consistent; a chain really broken never becomes intact.
   */
  async function chainOf(disputeId: string) {
    return eventually(`the chain of ${disputeId} reads consistently and verifies`, async () => {
      const read = await h.store.readChain(disputeChainId(disputeId));
      const verdict = verifyChain(read.events, read.head);
      expect(verdict, 'the chain verifies').toMatchObject({ intact: true });
      return { verdict, types: read.events.map((event) => event.type) };
    });
  }

  it('offers the first pick of every party, and tells the mediator by SMS through the outbox', async () => {
    const language = h.uniqueLanguage();
    const [, second] = await roster(language, 3);
    const dispute = await putDispute(h.store, {
      language,
      picks: { pty_applicant: [second?.id as string], pty_respondent: [second?.id as string] },
    });

    const offer = await firstOffer(dispute);

    expect(offer).toMatchObject({ mediatorId: second?.id, origin: 'unanimous_pick', round: 1, status: 'open' });
    await eventually(
      'the mediator is told by SMS',
      () => h.gateway.messages().some((sms) => sms.phoneNumber === second?.contact.phone),
      { timeout: 15_000 },
    );
    const sms = h.gateway.messages().find((message) => message.phoneNumber === second?.contact.phone);
    expect(sms?.message).toContain('https://platform.example/inbox');
    // Signed, with a /verify reference; the summary (and the number in it) stays in the inbox.
    expect(sms?.message).toMatch(/^【多元解纷】纠纷.{8}邀您调解.* 核验编号MS[0-9A-Z]{10}$/);
    expect(sms?.message).not.toContain('5678');
    expect(sms?.message).not.toContain('13912345678');
    const execution = await h.runner.getExecution('OfferLifecycle', offer.offerId);
    expect(execution?.status).toBe('running'); // waiting for the deadline
  });

  it('moves a declined offer on to the next candidate', async () => {
    const language = h.uniqueLanguage();
    const [first, second] = await roster(language, 3);
    const dispute = await putDispute(h.store, { language });
    const offer = await firstOffer(dispute);
    expect(offer.mediatorId).toBe(first?.id);

    await declineOffer(h.offers, asMediator(first as Mediator), offer.offerId, 'I know the shop owner personally');

    const after = await movedOn(dispute.id, offer.offerId);
    expect(after.status).toBe('offered');
    expect(after.offeredMediatorIds).toEqual([first?.id, second?.id]);
    const next = await h.store.offers.offer(after.currentOfferId as string);
    expect(next.offer).toMatchObject({ mediatorId: second?.id, round: 2, origin: 'best_candidate' });
    expect((await h.store.offers.offer(offer.offerId)).offer.declineReason).toBe('I know the shop owner personally');
    const chain = await chainOf(dispute.id);
    expect(chain.verdict.intact).toBe(true);
    expect(chain.types).toEqual(expect.arrayContaining(['offer.made', 'offer.declined']));
  });

  it('expires an unanswered offer at its deadline and moves on to the next candidate', async () => {
    const language = h.uniqueLanguage();
    const [first, second] = await roster(language, 2);
    const dispute = await putDispute(h.store, { language });
    const offer = await firstOffer(dispute, seconds(1));

    const execution = await h.runner.whenClosed('OfferLifecycle', offer.offerId);
    const after = await movedOn(dispute.id, offer.offerId);

    expect(execution.status).toBe('succeeded');
    expect((await h.store.offers.offer(offer.offerId)).offer.status).toBe('expired');
    expect(after.offeredMediatorIds).toEqual([first?.id, second?.id]);
    expect(after.status).toBe('offered');
    expect((await chainOf(dispute.id)).types).toContain('offer.expired');
  });

  it('refuses to accept an offer past its deadline even before the expiry is written', async () => {
    const language = h.uniqueLanguage();
    const [first] = await roster(language, 1);
    const dispute = await putDispute(h.store, { language });
    const offer = await firstOffer(dispute, seconds(60));
    h.clock.passTo(offer.deadline);
    try {
      await expect(acceptOffer(h.offers, asMediator(first as Mediator), offer.offerId)).rejects.toMatchObject({
        code: 'offer_expired',
      });
    } finally {
      h.clock.reset();
    }
    expect((await h.store.disputes.dispute(dispute.id)).dispute.status).toBe('offered');
    expect((await h.store.roster.mediator(first?.id as string))?.value.activeCases).toBe(0);
  });

  /** The offer's end as stored and as the chain tells it, with the mediator's load. */
  async function offerEnd(dispute: Dispute, offerId: string, mediatorId: string) {
    const stored = (await h.store.offers.offer(offerId)).offer;
    const { dispute: after } = await h.store.disputes.dispute(dispute.id);
    const mediator = (await h.store.roster.mediator(mediatorId))?.value;
    const chain = await chainOf(dispute.id);
    const endings = chain.types.filter((type) => type === 'offer.accepted' || type === 'offer.expired');
    return { status: stored.status, dispute: after, activeCases: mediator?.activeCases, endings };
  }

  describe('an accept racing the expiry (the test clock stands on either side of the deadline)', () => {
    /** An open offer, and the two clocks of the race: the mediator's a moment before the deadline, the workflow's a moment after. */
    async function race() {
      const language = h.uniqueLanguage();
      const [first] = await roster(language, 2);
      const dispute = await putDispute(h.store, { language });
      const offer = await firstOffer(dispute);
      const before = { now: () => new Date(Date.parse(offer.deadline) - 1) };
      const after = { now: () => new Date(Date.parse(offer.deadline) + 1) };
      const accept = () => acceptOffer({ ...h.offers, clock: before }, asMediator(first as Mediator), offer.offerId);
      const expire = () => expireOffer({ store: h.store, clock: after }, { offerId: offer.offerId });
      return { dispute, offer, mediator: first as Mediator, accept, expire };
    }

    it('lets an accept written first stand: the expiry then finds the offer answered and changes nothing', async () => {
      const { dispute, offer, mediator, accept, expire } = await race();

      await accept();
      const expiry = await expire();

      expect(expiry, 'the expiry sees the accepted offer').toEqual({ status: 'accepted', expiredNow: false });
      const end = await offerEnd(dispute, offer.offerId, mediator.id);
      expect(end.status, 'the offer stays accepted').toBe('accepted');
      expect(end.dispute, 'the dispute is with the mediator').toMatchObject({
        status: 'in_mediation',
        mediatorId: mediator.id,
      });
      expect(end.activeCases, 'the mediator holds one case').toBe(1);
      expect(end.endings, 'the chain records the accept alone').toEqual(['offer.accepted']);
    });

    it('refuses an accept that comes after the expiry was written, and moves on to the next candidate', async () => {
      const { dispute, offer, mediator, accept, expire } = await race();

      const expiry = await expire();
      const refused = await accept().catch((error: unknown) => error);

      expect(expiry, 'the expiry is written').toEqual({ status: 'expired', expiredNow: true });
      expect(refused, 'the late accept is refused: the offer expired').toMatchObject({ code: 'offer_expired' });
      const end = await offerEnd(dispute, offer.offerId, mediator.id);
      expect(end.status, 'the offer stays expired').toBe('expired');
      expect(end.activeCases, 'the mediator holds nothing').toBe(0);
      expect(end.endings, 'the chain records the expiry alone').toEqual(['offer.expired']);
      expect((await movedOn(dispute.id, offer.offerId)).status, 'the next candidate is offered').toBe('offered');
    });

    it('ends every truly concurrent race with exactly one of the two, consistently stored', async () => {
      const winners: string[] = [];
      for (let trial = 0; trial < 6; trial++) {
        const { dispute, offer, mediator, accept, expire } = await race();

        const [accepted, expiry] = await Promise.all([
          accept().then(
            () => true,
            (error: unknown) => {
              if (!(error instanceof DomainError)) throw error;
              return false;
            },
          ),
          expire(),
        ]);

        const end = await offerEnd(dispute, offer.offerId, mediator.id);
        expect(expiry.expiredNow, 'exactly one of accept and expiry wins').toBe(!accepted);
        expect(end.status, 'the stored offer names the winner').toBe(accepted ? 'accepted' : 'expired');
        expect(end.activeCases, 'the load follows the winner').toBe(accepted ? 1 : 0);
        expect(end.endings, 'the chain records one ending').toHaveLength(1);
        winners.push(end.status);
      }
      expect(winners, 'six races ended').toHaveLength(6);
      // Six races of about 4 s each: near the default 30 s alone, past it on a loaded CI machine.
    }, 90_000);
  });

  it('hands the dispute to an operator after three offers declined or expired', async () => {
    const language = h.uniqueLanguage();
    const mediators = await roster(language, 5);
    const dispute = await putDispute(h.store, { language });
    let offer = await firstOffer(dispute);

    for (let round = 1; round <= 3; round++) {
      const mediator = mediators.find((candidate) => candidate.id === offer.mediatorId) as Mediator;
      await declineOffer(h.offers, asMediator(mediator), offer.offerId, `not available, round ${round}`);
      const after = await movedOn(dispute.id, offer.offerId);
      if (round < 3) {
        expect(after.status).toBe('offered');
        offer = (await h.store.offers.offer(after.currentOfferId as string)).offer;
      } else {
        expect(after.status).toBe('awaiting_assignment');
        expect(after.currentOfferId).toBeUndefined();
      }
    }
    const chain = await h.store.readChain(disputeChainId(dispute.id));
    const escalation = chain.events.find((event) => event.type === 'dispute.awaiting_assignment');
    expect(escalation?.data).toMatchObject({ reason: 'max_rounds', offersMade: 3 });

    // An operator then offers it to a mediator of their choice.
    const chosen = mediators[4] as Mediator;
    const assigned = await assignByOperator(h.offers, fixtureOperator, dispute.id, { mediatorId: chosen.id });
    expect(assigned).toMatchObject({ mediatorId: chosen.id, origin: 'operator', round: 4 });
  });

  it('escalates at once when no eligible candidate is left', async () => {
    const language = h.uniqueLanguage();
    const [only] = await roster(language, 1);
    const dispute = await putDispute(h.store, { language });
    const offer = await firstOffer(dispute);
    await declineOffer(h.offers, asMediator(only as Mediator), offer.offerId, 'conflict discovered');

    const after = await movedOn(dispute.id, offer.offerId);

    expect(after.status).toBe('awaiting_assignment');
    const chain = await h.store.readChain(disputeChainId(dispute.id));
    const escalation = chain.events.find((event) => event.type === 'dispute.awaiting_assignment');
    expect(escalation?.data).toMatchObject({ reason: 'no_eligible_candidate' });
  });

  it('never offers a conflicted mediator, even when both parties pick them or an operator names them', async () => {
    const language = h.uniqueLanguage();
    const dispute = await putDispute(h.store, { language });
    const conflicted = await putMediator(h.store, {
      id: `med_${language}_0`,
      languages: [language],
      conflicts: [dispute.involvedHashes[1] as string],
    });
    const clean = await putMediator(h.store, { id: `med_${language}_1`, languages: [language] });
    await h.store.commit({
      chainId: disputeChainId(dispute.id),
      writes: [
        {
          key: disputeRecords.key(dispute.id),
          expectedVersion: 1,
          attributes: { ...dispute, picks: { pty_applicant: [conflicted.id], pty_respondent: [conflicted.id] } },
          index: { gsi1pk: disputeRecords.statusIndex('triaged'), gsi1sk: `${dispute.createdAt}#${dispute.id}` },
        },
      ],
      event: { type: 'dispute.picks_recorded', actor: fixtureOperator, data: {} },
    });

    const byOperator = await assignByOperator(h.offers, fixtureOperator, dispute.id, {
      mediatorId: conflicted.id,
    }).catch((error: unknown) => error);
    expect(byOperator).toBeInstanceOf(RuleViolation);
    expect(byOperator).toMatchObject({
      code: 'mediator_not_eligible',
      details: { mediatorId: conflicted.id, filters: [expect.objectContaining({ code: 'conflict_of_interest' })] },
    });
    expect((await h.store.disputes.dispute(dispute.id)).dispute.status).toBe('triaged');

    const offer = await firstOffer(dispute);
    expect(offer.mediatorId).toBe(clean.id);
    expect(offer.origin).toBe('best_candidate');
  });

  it('never lets a mediator of capacity 5 hold more than 5 of 20 disputes accepted at once', async () => {
    const language = h.uniqueLanguage();
    const [busy] = await roster(language, 1, { capacity: 5 });
    const disputes = await Promise.all(Array.from({ length: 20 }, () => putDispute(h.store, { language })));
    const offers = await Promise.all(disputes.map((dispute) => firstOffer(dispute)));
    expect(new Set(offers.map((offer) => offer.mediatorId))).toEqual(new Set([busy?.id]));

    const results = await Promise.allSettled(
      offers.map((offer) => acceptOffer(h.offers, asMediator(busy as Mediator), offer.offerId)),
    );

    const accepted = results.filter((result) => result.status === 'fulfilled');
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(accepted).toHaveLength(5);
    for (const reason of refused) expect(reason).toMatchObject({ code: 'capacity_reached' });
    const mediator = (await h.store.roster.mediator(busy?.id as string))?.value;
    expect(mediator?.activeCases).toBe(5);
    const held = await Promise.all(disputes.map((dispute) => h.store.disputes.dispute(dispute.id)));
    expect(held.filter(({ dispute }) => dispute.status === 'in_mediation')).toHaveLength(5);
    // The mediator's own chain survived the load being moved by the disputes' changes.
    const chain = await h.store.readChain(`MEDIATOR#${busy?.id}`);
    expect(verifyChain(chain.events, chain.head).intact).toBe(true);
    // Twenty accepts race for one mediator's item: on a loaded two-core machine the retries take a while.
  }, 120_000);

  it('records the notice as a message of the dispute', async () => {
    const language = h.uniqueLanguage();
    const [first] = await roster(language, 1);
    const dispute = await putDispute(h.store, { language });
    await firstOffer(dispute);
    const chain = await h.store.readChain(disputeChainId(dispute.id));
    const made = chain.events.find((event) => event.type === 'offer.made');
    const { message } = await h.store.messages.message(made?.data.noticeMessageId as string);
    expect(message).toMatchObject({ purpose: 'offer_notice', content: { channel: 'sms', to: first?.contact.phone } });
  });
});
