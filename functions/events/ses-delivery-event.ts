import { platformMessageTag, type SesEvent } from '../../shared/adapters/ses/ses-event';
import type { EmailAcceptance } from '../../shared/ports/email-acceptances';
import type { ProviderDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';

/**
 * SES's event vocabulary in the platform's words. A delivery is `delivered`; a bounce of any type
 * (SES has given up on the address by the time it reports one) and a reject are `failed`. Send,
 * DeliveryDelay and Complaint say nothing about whether the message arrived: no event (a Send is
 * kept apart, as evidence that SES took the message: `acceptanceFromSes`). The
 * platform's message id comes from the send's message tag, which matches first.
 */
export function deliveryEventFromSes(detail: SesEvent): ProviderDeliveryEvent | undefined {
  const event = deliveryOf(detail);
  const platformMessageId = detail.mail.tags?.[platformMessageTag]?.[0];
  return event && platformMessageId ? { ...event, platformMessageId } : event;
}

function deliveryOf(detail: SesEvent): ProviderDeliveryEvent | undefined {
  const providerMessageId = detail.mail.messageId;
  switch (detail.eventType) {
    case 'Delivery':
      return { channel: 'email', providerMessageId, event: { kind: 'delivered', at: detail.delivery.timestamp } };
    case 'Bounce': {
      const subType = detail.bounce.bounceSubType === undefined ? '' : `/${detail.bounce.bounceSubType}`;
      return {
        channel: 'email',
        providerMessageId,
        event: { kind: 'failed', at: detail.bounce.timestamp, reason: `bounce: ${detail.bounce.bounceType}${subType}` },
      };
    }
    case 'Reject':
      return {
        channel: 'email',
        providerMessageId,
        event: { kind: 'failed', at: detail.mail.timestamp, reason: `rejected: ${detail.reject.reason}` },
      };
    default:
      return undefined;
  }
}

/** A `Send` event that names the platform's message (by its tag): SES took that message. */
export function acceptanceFromSes(detail: SesEvent): EmailAcceptance | undefined {
  const platformMessageId = detail.mail.tags?.[platformMessageTag]?.[0];
  if (detail.eventType !== 'Send' || !platformMessageId) return undefined;
  return { platformMessageId, providerMessageId: detail.mail.messageId, at: detail.mail.timestamp };
}
