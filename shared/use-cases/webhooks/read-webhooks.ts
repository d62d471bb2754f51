import { NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { WebhookAttempt } from '../../domain/webhooks/webhook-records';
import type { Page, StateStore } from '../../ports/state-store';
import { courtInReach } from './deps';
import { view, type WebhookEndpointView } from './register-webhook';

/** The court's endpoint, without its secret (GET /v1/courts/{id}/webhook); 404 when none is registered. */
export async function readWebhook(
  deps: { store: StateStore },
  principal: Principal,
  courtId: string,
): Promise<WebhookEndpointView> {
  await courtInReach(deps.store, principal, courtId);
  const endpoint = await deps.store.webhooks.endpoint(courtId);
  if (!endpoint) throw new NotFound(`court ${courtId} has no webhook endpoint`);
  return view(endpoint.value);
}

/**
 * Every attempt to call the court back, oldest first, a page at a time
 * (GET /v1/courts/{id}/webhook-deliveries): the event, its attempt number and time, the status
 * code or the error, and when the next attempt is due (none after a success or the final failure).
 */
export async function listWebhookAttempts(
  deps: { store: StateStore },
  principal: Principal,
  courtId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<WebhookAttempt>> {
  await courtInReach(deps.store, principal, courtId);
  return deps.store.webhooks.attempts(courtId, page);
}
