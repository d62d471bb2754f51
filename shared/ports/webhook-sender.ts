/** One signed POST of a callback to a court's endpoint. */
export interface WebhookRequest {
  url: string;
  /** The endpoint's secret, `whsec_…` (Standard Webhooks). */
  secret: string;
  /** `webhook-id`: the same for every attempt of one event, so a receiver can drop repeats. */
  messageId: string;
  /** `webhook-timestamp`: when this attempt is made. */
  timestamp: Date;
  /** The JSON body, exactly as signed. */
  body: string;
}

/**
 * How an attempt ended. `response`: the endpoint answered (any status; only 2xx is success).
 * `refused`: the platform would not call it (the address is not public, the scheme is not
 * allowed). `failed`: no answer (DNS, connection, TLS, timeout).
 */
export type WebhookResult =
  | { kind: 'response'; statusCode: number }
  | { kind: 'refused'; error: string }
  | { kind: 'failed'; error: string };

/**
 * Sends court callbacks signed as the Standard Webhooks specification says. An implementation
 * never calls a non-public address unless its configuration allows it (locally), checks the
 * addresses it connects to after resolving the name, and never follows a redirect.
 */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResult>;
}
