import type { WebhookDeliveryStatus, WebhookEventType } from './webhook-events';

/** A court's callback endpoint: one per court, changed on the court's own chain. */
export interface WebhookEndpoint {
  courtId: string;
  url: string;
  /** `whsec_…`, sealed (envelope-encrypted) by the vault. */
  sealedSecret: string;
  secretIssuedAt: string;
  createdAt: string;
  changedAt: string;
}

/** One delivery per event and court: its own aggregate and chain, so attempts never wait on a case's writes. */
export interface WebhookDelivery {
  deliveryId: string;
  courtId: string;
  eventType: WebhookEventType;
  /** The JSON body every attempt sends (and signs), byte for byte. */
  body: string;
  createdAt: string;
  /** Deliveries that must be settled before this one's first attempt (see delivery-order.ts). */
  after?: string[];
  status: WebhookDeliveryStatus;
  attempts: number;
  firstAttemptAt?: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
  failedAt?: string;
  stall?: { error: string; cause: string; at: string };
}

/** One call of the court's endpoint, kept in the delivery log. */
export interface WebhookAttempt {
  deliveryId: string;
  eventType: WebhookEventType;
  attemptNo: number;
  at: string;
  statusCode?: number;
  error?: string;
  outcome: 'delivered' | 'retry' | 'failed';
  nextAttemptAt?: string;
}

/** The chain of one delivery's attempts. */
export const webhookDeliveryChainId = (deliveryId: string) => `WEBHOOK#${deliveryId}`;
