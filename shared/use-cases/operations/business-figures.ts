import { contactsGivenType } from '../../domain/mediation/dispute';
import { offerOutboxTypes } from '../../domain/mediation/offer';
import { milestoneReachedType } from '../../domain/messages/milestone-outbox';
import { recipientSettledType } from '../../domain/service/recipient';
import type { OutboxItem } from '../../ports/outbox';
import type { StateStore } from '../../ports/state-store';

/** One business figure, as the dashboard draws it (DESIGN.md, Operations). */
export interface BusinessFigure {
  name:
    | 'DisputesFiled'
    | 'OffersAnswered'
    | 'OffersAccepted'
    | 'OffersDeclined'
    | 'ServicesServed'
    | 'ServicesUnserved'
    | 'TimeToServiceHours';
  value: number;
  /** `None` for a measure (hours here): CloudWatch has no hour unit. */
  unit: 'Count' | 'None';
}

const hourMs = 3_600_000;

/**
 * The business figures an outbox item stands for: every business fact the dashboard counts is
 * announced by an outbox item, so the outbox consumer counts it as it delivers the item.
 * - a filing (`dispute.contacts_given`, written once by each filing): DisputesFiled;
 * - an offer answered: accepted (the `mediator_accepted` milestone), declined (`offer.closed` of an
 *   offer the mediator declined; an expiry closes one too, and is not an answer);
 * - a recipient settled (`service.recipient_settled`): served (in any way the law counts) with the
 *   hours from the service's request to the service, or unserved.
 * Delivery is at least once, so a figure may be counted twice after a crash: good for a dashboard,
 * never for billing or evidence (the chains are the evidence).
 */
export async function businessFiguresOf(deps: { store: StateStore }, item: OutboxItem): Promise<BusinessFigure[]> {
  const count = (name: BusinessFigure['name']): BusinessFigure => ({ name, value: 1, unit: 'Count' });
  switch (item.type) {
    case contactsGivenType:
      return [count('DisputesFiled')];
    case milestoneReachedType:
      return item.payload.milestone === 'mediator_accepted' ? [count('OffersAnswered'), count('OffersAccepted')] : [];
    case offerOutboxTypes.closed: {
      const { offer } = await deps.store.offers.offer(String(item.payload.offerId));
      return offer.status === 'declined' ? [count('OffersAnswered'), count('OffersDeclined')] : [];
    }
    case recipientSettledType: {
      const { value: recipient } = await deps.store.services.recipient(
        String(item.payload.serviceId),
        String(item.payload.recipientId),
      );
      if (recipient.status === 'unserved') return [count('ServicesUnserved')];
      const servedAt = recipient.served?.at ?? recipient.alternative?.at;
      if (!servedAt) return [];
      const hours = (Date.parse(servedAt) - Date.parse(recipient.createdAt)) / hourMs;
      return [count('ServicesServed'), { name: 'TimeToServiceHours', value: Math.max(0, hours), unit: 'None' }];
    }
    default:
      return [];
  }
}
