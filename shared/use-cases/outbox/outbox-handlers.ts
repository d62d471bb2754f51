import { recipientSettledType } from '../../domain/service/recipient';
import { serviceRequestedType } from '../../domain/service/service';
import { webhookEventOutboxType } from '../../domain/webhooks/webhook-events';
import type { DocumentStore } from '../../ports/document-store';
import type { OutboxHandler } from '../../ports/outbox';
import type { WorkflowEngine, WorkflowOperations } from '../../ports/workflows';
import { confirmationDecidedType, onConfirmationDecided } from '../confirmations/serve-ruling';
import { contactsGivenType } from '../disputes/file-dispute';
import { picksCompleteType } from '../disputes/record-picks';
import { onMessageRequested } from '../message-delivery/on-message-requested';
import { messageRequestedType } from '../message-delivery/request-message';
import { type MilestoneDeps, milestoneReachedType, onMilestoneReached } from '../milestones/announce-milestone';
import type { OfferDeps } from '../offers/deps';
import { onOfferClosed, onOfferMade } from '../offers/offer-consumers';
import { offerOutboxTypes } from '../offers/offer-flow';
import { onPicksComplete } from '../offers/on-picks-complete';
import { executionRedriveRequestedType, onRedriveRequested } from '../operations/failed-executions';
import { contactsChangedType } from '../people/contacts-changed';
import { type ServiceSettings, serviceSettings } from '../service/deps';
import { onContactsGiven } from '../service/filing-contacts';
import { onServiceAcknowledged, serviceAcknowledgedType } from '../service/portal';
import { onServiceLateFact, serviceLateFactType } from '../service/reconcile-service-time';
import { onRecipientSettled } from '../service/record-recipient-head';
import {
  onServiceRecipientsPending,
  onServiceRequested,
  serviceRecipientsPendingType,
} from '../service/request-service';
import { onContactsChanged, onRecipientResumed, recipientResumedType } from '../service/resume-recipient';
import { onWebhookEvent } from '../webhooks/webhook-events';

/**
 * Which consumer runs the side effect of each outbox item type. The stream-triggered Lambda and
 * the local relay both deliver through this one table, so a type cannot be handled in one place
 * and forgotten in the other.
 */
export function outboxHandlers(deps: {
  workflows: WorkflowEngine;
  offers: OfferDeps;
  /** Where rulings are stored before they are served (`confirmation.decided`). */
  documents?: DocumentStore;
  /** Electronic service settings for the rulings served; the defaults on the offers' base URL when absent. */
  service?: ServiceSettings;
  /** Told of a party a milestone could not reach (no contact on its record): the consumer logs it. */
  onMilestoneSkipped?: MilestoneDeps['onSkipped'];
  /** Redrives of failed executions operators asked for; without it such a request stays pending. */
  operations?: WorkflowOperations;
}): Record<string, OutboxHandler> {
  const service = deps.service ?? serviceSettings({ publicBaseUrl: deps.offers.settings.publicBaseUrl });
  return {
    [confirmationDecidedType]: onConfirmationDecided({
      store: deps.offers.store,
      clock: deps.offers.clock,
      ids: deps.offers.ids,
      settings: service,
      ...(deps.documents ? { documents: deps.documents } : {}),
    }),
    [messageRequestedType]: onMessageRequested(deps),
    [milestoneReachedType]: onMilestoneReached({
      store: deps.offers.store,
      clock: deps.offers.clock,
      ids: deps.offers.ids,
      publicBaseUrl: deps.offers.settings.publicBaseUrl,
      ...(deps.onMilestoneSkipped ? { onSkipped: deps.onMilestoneSkipped } : {}),
    }),
    [offerOutboxTypes.made]: onOfferMade(deps),
    [offerOutboxTypes.closed]: onOfferClosed(deps.offers),
    [picksCompleteType]: onPicksComplete(deps.offers),
    [serviceRequestedType]: onServiceRequested(deps),
    [serviceRecipientsPendingType]: onServiceRecipientsPending({
      store: deps.offers.store,
      clock: deps.offers.clock,
      settings: service,
    }),
    [serviceAcknowledgedType]: async (item) => {
      await onServiceAcknowledged({ store: deps.offers.store, workflows: deps.workflows })(item);
      // A signature on a recipient whose workflow stalled (nothing waits to hear of it) still serves.
      await onServiceLateFact(deps.offers)(item);
    },
    [serviceLateFactType]: onServiceLateFact(deps.offers),
    [recipientSettledType]: onRecipientSettled(deps.offers),
    [contactsGivenType]: onContactsGiven(deps.offers),
    [contactsChangedType]: onContactsChanged(deps.offers),
    [recipientResumedType]: onRecipientResumed(deps),
    [webhookEventOutboxType]: onWebhookEvent({
      store: deps.offers.store,
      clock: deps.offers.clock,
      workflows: deps.workflows,
    }),
    ...(deps.operations
      ? {
          [executionRedriveRequestedType]: onRedriveRequested({
            store: deps.offers.store,
            clock: deps.offers.clock,
            operations: deps.operations,
          }),
        }
      : {}),
  };
}
