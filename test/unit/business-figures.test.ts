import { describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { serviceRecords } from '../../shared/adapters/dynamodb/service-records';
import type { Offer } from '../../shared/domain/mediation/offer';
import type { OutboxItem } from '../../shared/ports/outbox';
import { businessFiguresOf } from '../../shared/use-cases/operations/business-figures';
import { MemoryStateStore } from '../support/memory-state-store';

const actor = { role: 'operator' as const, subjectId: 'op-1' };
const item = (type: string, payload: Record<string, unknown>): OutboxItem => ({
  id: 'obx_1',
  type,
  payload,
  chainId: 'CASE#dsp_1',
  eventSeq: 1,
  createdAt: '2026-11-30T00:00:00.000Z',
});

async function storeWith(key: { pk: string; sk: string }, attributes: Record<string, unknown>) {
  const store = new MemoryStateStore(systemClock);
  await store.commit({
    chainId: 'CASE#dsp_1',
    writes: [{ key, expectedVersion: 0, attributes }],
    event: { type: 'test', actor, data: {} },
  });
  return store;
}

async function storeWithOffer(offerId: string, status: Offer['status']) {
  const store = new MemoryStateStore(systemClock);
  const offer: Offer = {
    offerId,
    disputeId: 'dsp_1',
    mediatorId: 'med_1',
    round: 1,
    status,
    deadline: '2026-12-01T00:00:00.000Z',
    createdAt: '2026-11-30T00:00:00.000Z',
    origin: 'best_candidate',
  };
  await store.commit({
    chainId: 'CASE#dsp_1',
    writes: [store.offers.offerWrite(0, offer)],
    event: { type: 'test', actor, data: {} },
  });
  return store;
}

function recipient(overrides: Record<string, unknown>) {
  return {
    recipientId: 'rcp_1',
    serviceId: 'svc_1',
    personId: 'per_1',
    personHash: 'hash',
    status: 'served',
    timeouts: { receipt: { sms: 60, email: 60 }, acknowledgement: { sms: 60, email: 60 } },
    createdAt: '2026-11-30T00:00:00.000Z',
    attempts: [],
    ...overrides,
  };
}

describe('businessFiguresOf', () => {
  it('counts a filing once, by the contacts item each filing writes', async () => {
    const figures = await businessFiguresOf(
      { store: new MemoryStateStore(systemClock) },
      item('dispute.contacts_given', { disputeId: 'dsp_1' }),
    );

    expect(figures).toEqual([{ name: 'DisputesFiled', value: 1, unit: 'Count' }]);
  });

  it('counts an accepted offer by its milestone, a declined one by its closing, and not an expired one', async () => {
    const accepted = await businessFiguresOf(
      { store: new MemoryStateStore(systemClock) },
      item('milestone.reached', { milestone: 'mediator_accepted', disputeId: 'dsp_1' }),
    );
    const declinedStore = await storeWithOffer('off_1', 'declined');
    const expiredStore = await storeWithOffer('off_2', 'expired');

    expect(accepted.map((figure) => figure.name)).toEqual(['OffersAnswered', 'OffersAccepted']);
    expect(
      (await businessFiguresOf({ store: declinedStore }, item('offer.closed', { offerId: 'off_1' }))).map(
        (f) => f.name,
      ),
    ).toEqual(['OffersAnswered', 'OffersDeclined']);
    expect(await businessFiguresOf({ store: expiredStore }, item('offer.closed', { offerId: 'off_2' }))).toEqual([]);
  });

  it('counts a served recipient with the hours from the request to service, and an unserved one', async () => {
    const served = await storeWith(
      serviceRecords.recipientKey('svc_1', 'rcp_1'),
      recipient({ served: { at: '2026-11-30T06:00:00.000Z', rule: 'signed_for_in_portal', attemptNo: 1 } }),
    );
    const unserved = await storeWith(
      serviceRecords.recipientKey('svc_1', 'rcp_1'),
      recipient({ status: 'unserved', unserved: { at: '2026-12-01T00:00:00.000Z', reason: 'x', detail: 'y' } }),
    );
    const settled = item('service.recipient_settled', { serviceId: 'svc_1', recipientId: 'rcp_1' });

    expect(await businessFiguresOf({ store: served }, settled)).toEqual([
      { name: 'ServicesServed', value: 1, unit: 'Count' },
      { name: 'TimeToServiceHours', value: 6, unit: 'None' },
    ]);
    expect(await businessFiguresOf({ store: unserved }, settled)).toEqual([
      { name: 'ServicesUnserved', value: 1, unit: 'Count' },
    ]);
  });

  it('counts nothing for any other item', async () => {
    expect(await businessFiguresOf({ store: new MemoryStateStore(systemClock) }, item('offer.made', {}))).toEqual([]);
  });
});
