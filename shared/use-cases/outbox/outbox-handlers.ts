import type { OutboxHandler } from '../../ports/outbox';
import type { WorkflowEngine } from '../../ports/workflows';
import { picksCompleteType } from '../disputes/record-picks';
import { onMessageRequested } from '../message-delivery/on-message-requested';
import { messageRequestedType } from '../message-delivery/request-message';
import type { OfferDeps } from '../offers/deps';
import { onOfferClosed, onOfferMade } from '../offers/offer-consumers';
import { offerOutboxTypes } from '../offers/offer-records';
import { onPicksComplete } from '../offers/on-picks-complete';
import { onServiceAcknowledged, serviceAcknowledgedType } from '../service/portal';
import { onServiceLateFact, serviceLateFactType } from '../service/reconcile-service-time';
import { onServiceRequested } from '../service/request-service';
import { serviceRequestedType } from '../service/service-records';

/**
 * Which consumer runs the side effect of each outbox item type. The stream-triggered Lambda and
 * the local relay both deliver through this one table, so a type cannot be handled in one place
 * and forgotten in the other.
 */
export function outboxHandlers(deps: { workflows: WorkflowEngine; offers: OfferDeps }): Record<string, OutboxHandler> {
  return {
    [messageRequestedType]: onMessageRequested(deps),
    [offerOutboxTypes.made]: onOfferMade(deps),
    [offerOutboxTypes.closed]: onOfferClosed(deps.offers),
    [picksCompleteType]: onPicksComplete(deps.offers),
    [serviceRequestedType]: onServiceRequested(deps),
    [serviceAcknowledgedType]: async (item) => {
      await onServiceAcknowledged({ store: deps.offers.store, workflows: deps.workflows })(item);
      // A signature on a recipient whose workflow stalled (nothing waits to hear of it) still serves.
      await onServiceLateFact(deps.offers)(item);
    },
    [serviceLateFactType]: onServiceLateFact(deps.offers),
  };
}
