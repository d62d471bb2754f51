import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, RuleViolation } from '../../shared/domain/errors';
import { verifyChain } from '../../shared/domain/hash-chain';
import type { Dispute } from '../../shared/domain/mediation/dispute';
import type { Mediator } from '../../shared/domain/mediation/mediator';
import { disputeRecords, loadDispute } from '../../shared/use-cases/disputes/dispute-records';
import { loadMessage } from '../../shared/use-cases/message-delivery/message-records';
import { acceptOffer, declineOffer } from '../../shared/use-cases/offers/answer-offer';
import { assignByOperator } from '../../shared/use-cases/offers/assign-by-operator';
import { offerNext } from '../../shared/use-cases/offers/offer-next';
import { loadMediator, loadOffer } from '../../shared/use-cases/offers/offer-records';
import { asMediator, fixtureOperator, putDispute, putMediator } from '../support/mediation-fixtures';
import { eventually } from '../support/message-delivery-harness';
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
    let current: Dispute | undefined;
    await eventually(async () => {
      current = (await loadDispute(h.store, disputeId)).dispute;
      return (
        current.status === 'awaiting_assignment' || (current.currentOfferId ?? previousOfferId) !== previousOfferId
      );
    }, 15_000);
    return current as Dispute;
  }

  /**
   * The dispute's chain, verified. Notices are still being delivered (their events extend the same
   * chain), and a read of the head and then the events may see one more event than the head: read
   * again until a read is consistent; a chain really broken never becomes intact.
   */
  async function chainOf(disputeId: string) {
    let read = await h.store.readChain(disputeRecords.chainId(disputeId));
    for (let attempt = 0; attempt < 50 && !verifyChain(read.events, read.head).intact; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      read = await h.store.readChain(disputeRecords.chainId(disputeId));
    }
    return { verdict: verifyChain(read.events, read.head), types: read.events.map((event) => event.type) };
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
    await eventually(() => h.gateway.messages().some((sms) => sms.phoneNumber === second?.contact.phone), 15_000);
    const sms = h.gateway.messages().find((message) => message.phoneNumber === second?.contact.phone);
    expect(sms?.message).toContain('https://platform.example/inbox');
    expect(sms?.message).toContain('139****5678'); // the summary's phone number, masked
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
    const next = await loadOffer(h.store, after.currentOfferId as string);
    expect(next.offer).toMatchObject({ mediatorId: second?.id, round: 2, origin: 'best_candidate' });
    expect((await loadOffer(h.store, offer.offerId)).offer.declineReason).toBe('I know the shop owner personally');
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
    expect((await loadOffer(h.store, offer.offerId)).offer.status).toBe('expired');
    expect(after.offeredMediatorIds).toEqual([first?.id, second?.id]);
    expect(after.status).toBe('offered');
    expect((await chainOf(dispute.id)).types).toContain('offer.expired');
  });

  it('refuses to accept an offer past its deadline even before the expiry is written', async () => {
    const language = h.uniqueLanguage();
    const [first] = await roster(language, 1);
    const dispute = await putDispute(h.store, { language });
    const offer = await firstOffer(dispute, seconds(60));
    h.clock.offsetMs = 61_000;
    try {
      await expect(acceptOffer(h.offers, asMediator(first as Mediator), offer.offerId)).rejects.toMatchObject({
        code: 'offer_expired',
      });
    } finally {
      h.clock.offsetMs = 0;
    }
    expect((await loadDispute(h.store, dispute.id)).dispute.status).toBe('offered');
    expect((await loadMediator(h.store, first?.id as string)).mediator.activeCases).toBe(0);
  });

  it('resolves an accept racing the expiry consistently: whichever is written first wins', async () => {
    const outcomes: string[] = [];
    for (let trial = 0; trial < 4; trial++) {
      const language = h.uniqueLanguage();
      const [first] = await roster(language, 2);
      const dispute = await putDispute(h.store, { language });
      const offer = await firstOffer(dispute, seconds(0.6));
      // Accept right around the deadline, a little earlier or later each trial.
      await new Promise((resolve) => setTimeout(resolve, Date.parse(offer.deadline) - Date.now() - 30 + trial * 20));
      const accepted = await acceptOffer(h.offers, asMediator(first as Mediator), offer.offerId).then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof DomainError)) throw error;
          expect(['offer_expired', 'offer_already_answered']).toContain(error.code);
          return false;
        },
      );
      const execution = await h.runner.whenClosed('OfferLifecycle', offer.offerId);
      expect(execution.status).toBe('succeeded');
      const stored = (await loadOffer(h.store, offer.offerId)).offer;
      const mediator = (await loadMediator(h.store, first?.id as string)).mediator;
      if (accepted) {
        const { dispute: after } = await loadDispute(h.store, dispute.id);
        expect(stored.status).toBe('accepted');
        expect(after).toMatchObject({ status: 'in_mediation', mediatorId: first?.id });
        expect(mediator.activeCases).toBe(1);
      } else {
        expect(stored.status).toBe('expired');
        expect(mediator.activeCases).toBe(0);
        const after = await movedOn(dispute.id, offer.offerId);
        expect(after.status).toBe('offered');
      }
      const chain = await chainOf(dispute.id);
      expect(chain.verdict.intact).toBe(true);
      expect(chain.types.filter((type) => type === 'offer.accepted' || type === 'offer.expired')).toHaveLength(1);
      outcomes.push(accepted ? 'accepted' : 'expired');
    }
    expect(outcomes).toHaveLength(4);
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
        offer = (await loadOffer(h.store, after.currentOfferId as string)).offer;
      } else {
        expect(after.status).toBe('awaiting_assignment');
        expect(after.currentOfferId).toBeUndefined();
      }
    }
    const chain = await h.store.readChain(disputeRecords.chainId(dispute.id));
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
    const chain = await h.store.readChain(disputeRecords.chainId(dispute.id));
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
      chainId: disputeRecords.chainId(dispute.id),
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
    expect((await loadDispute(h.store, dispute.id)).dispute.status).toBe('triaged');

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
    const mediator = (await loadMediator(h.store, busy?.id as string)).mediator;
    expect(mediator.activeCases).toBe(5);
    const held = await Promise.all(disputes.map((dispute) => loadDispute(h.store, dispute.id)));
    expect(held.filter(({ dispute }) => dispute.status === 'in_mediation')).toHaveLength(5);
    // The mediator's own chain survived the load being moved by the disputes' changes.
    const chain = await h.store.readChain(`MEDIATOR#${busy?.id}`);
    expect(verifyChain(chain.events, chain.head).intact).toBe(true);
  });

  it('records the notice as a message of the dispute', async () => {
    const language = h.uniqueLanguage();
    const [first] = await roster(language, 1);
    const dispute = await putDispute(h.store, { language });
    await firstOffer(dispute);
    const chain = await h.store.readChain(disputeRecords.chainId(dispute.id));
    const made = chain.events.find((event) => event.type === 'offer.made');
    const { message } = await loadMessage(h.store, made?.data.noticeMessageId as string);
    expect(message).toMatchObject({ purpose: 'offer_notice', content: { channel: 'sms', to: first?.contact.phone } });
  });
});
