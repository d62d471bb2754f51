import { contactsChangedType } from '../../shared/domain/contacts/contacts-changed';
import { contactsGivenType } from '../../shared/domain/mediation/dispute';
import { offerOutboxTypes } from '../../shared/domain/mediation/offer';
import { recipientSettledType } from '../../shared/domain/service/recipient';
import { serviceRequestedType } from '../../shared/domain/service/service';
import { webhookEventOutboxType } from '../../shared/domain/webhooks/webhook-events';
import type { DocumentStore } from '../../shared/ports/document-store';
import type { OutboxHandler } from '../../shared/ports/outbox';
import type { WorkflowEngine, WorkflowOperations } from '../../shared/ports/workflows';
import { confirmationDecidedType, onConfirmationDecided } from '../../shared/use-cases/confirmations/serve-ruling';
import { picksCompleteType } from '../../shared/use-cases/disputes/record-picks';
import { onMessageRequested } from '../../shared/use-cases/message-delivery/on-message-requested';
import { messageRequestedType } from '../../shared/use-cases/message-delivery/request-message';
import {
  type MilestoneDeps,
  milestoneReachedType,
  onMilestoneReached,
} from '../../shared/use-cases/milestones/announce-milestone';
import type { OfferDeps } from '../../shared/use-cases/offers/deps';
import { onOfferClosed, onOfferMade } from '../../shared/use-cases/offers/offer-consumers';
import { onPicksComplete } from '../../shared/use-cases/offers/on-picks-complete';
import { executionRedriveRequestedType, onRedriveRequested } from '../../shared/use-cases/operations/failed-executions';
import { type ServiceSettings, serviceSettings } from '../../shared/use-cases/service/deps';
import { onContactsGiven } from '../../shared/use-cases/service/filing-contacts';
import { onServiceAcknowledged, serviceAcknowledgedType } from '../../shared/use-cases/service/portal';
import { onServiceLateFact, serviceLateFactType } from '../../shared/use-cases/service/reconcile-service-time';
import { onRecipientSettled } from '../../shared/use-cases/service/record-recipient-head';
import {
  onServiceRecipientsPending,
  onServiceRequested,
  serviceRecipientsPendingType,
  serviceRecorderOf,
} from '../../shared/use-cases/service/request-service';
import {
  onContactsChanged,
  onRecipientResumed,
  recipientResumedType,
} from '../../shared/use-cases/service/resume-recipient';
import { signingLinksOf } from '../../shared/use-cases/settlements/signing-links';
import { onWebhookEvent } from '../../shared/use-cases/webhooks/webhook-events';

/**
 * Which consumer runs the side effect of each outbox item type. A composition of every feature's
 * consumer, so it lives with the entry points (not in a use-case feature, which may import only
 * its own feature). The stream-triggered Lambda and
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
  const serviceDeps = {
    store: deps.offers.store,
    clock: deps.offers.clock,
    ids: deps.offers.ids,
    settings: service,
    ...(deps.documents ? { documents: deps.documents } : {}),
  };
  return {
    [confirmationDecidedType]: onConfirmationDecided({
      ...serviceDeps,
      requestMessage: deps.offers.requestMessage,
      // The ruling is served on the parties by the service feature.
      recordService: serviceRecorderOf(serviceDeps),
    }),
    [messageRequestedType]: onMessageRequested(deps),
    [milestoneReachedType]: onMilestoneReached({
      store: deps.offers.store,
      publicBaseUrl: deps.offers.settings.publicBaseUrl,
      requestMessage: deps.offers.requestMessage,
      prepareSigningLink: signingLinksOf({
        store: deps.offers.store,
        clock: deps.offers.clock,
        ids: deps.offers.ids,
        publicBaseUrl: deps.offers.settings.publicBaseUrl,
        requestMessage: deps.offers.requestMessage,
      }),
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
