import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../domain/webhooks/webhook-records';
import type { EntityWrite, Page, Versioned } from './table';

/** Courts' callback endpoints, their deliveries and the attempts' log. */
export interface Webhooks {
  /** The court's endpoint, if it registered one. */
  endpoint(courtId: string): Promise<Versioned<WebhookEndpoint> | undefined>;
  endpointWrite(expectedVersion: number, endpoint: WebhookEndpoint): EntityWrite;
  /** The delivery, or NotFound. */
  delivery(deliveryId: string): Promise<Versioned<WebhookDelivery>>;
  deliveryWrite(expectedVersion: number, delivery: WebhookDelivery): EntityWrite;
  /** A new attempt, listed in its court's delivery log in time order. */
  attemptWrite(courtId: string, attempt: WebhookAttempt): EntityWrite;
  /** A page of the court's delivery log, oldest first. */
  attempts(courtId: string, page: { limit: number; cursor?: string }): Promise<Page<WebhookAttempt>>;
}
