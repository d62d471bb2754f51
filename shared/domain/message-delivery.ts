/**
 * One platform message (an SMS or an email) and the life of its single delivery attempt.
 *
 * The rules, from DESIGN.md ("Messages"):
 * - a send is attempted at most once per message: the attempt is claimed (`pending` → `sending`)
 *   before the provider is called, so a re-run that finds `sending` cannot know whether the provider
 *   got the message and records `unknown` instead of sending again;
 * - an error before the provider accepted the message puts the claim back (`sending` → `pending`), so
 *   a retry may send; an ambiguous failure is `unknown`, never resent blindly: only once its receipt
 *   deadline has passed with no record of it at the provider (`neverLeft`), a bounded number of times;
 * - once accepted (`sent`), the delivery receipt decides: `delivered`, or `failed` (a bounce, a carrier
 *   failure); no receipt before the channel's deadline is `no_receipt`;
 * - a late receipt still counts: `no_receipt` and `unknown` become `delivered` or `failed` when one
 *   arrives, because the receipt is the evidence of what happened;
 * - a workflow that could not go on records `stalled` with the status it stalled in, so a re-run
 *   resumes from there.
 */
export const messageChannels = ['sms', 'email'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const messageStatuses = [
  'pending',
  'sending',
  'sent',
  'delivered',
  'failed',
  'no_receipt',
  'unknown',
  'stalled',
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** How the delivery ended, as the workflow reports it. */
export const deliveryOutcomes = ['delivered', 'failed', 'no_receipt'] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

/** What a provider told us about a message after accepting it, in the platform's words. */
export type DeliveryEvent = { kind: 'delivered'; at: string } | { kind: 'failed'; at: string; reason: string };

/**
 * How long the workflow waits for a receipt after the provider accepted the message. Carriers report
 * SMS within minutes; mail servers may defer for a while before SES reports a delivery or a bounce.
 */
export const defaultReceiptTimeoutSeconds: Readonly<Record<MessageChannel, number>> = {
  sms: 15 * 60,
  email: 30 * 60,
};

/** Statuses no event changes any more. */
export function isFinal(status: MessageStatus): boolean {
  return status === 'delivered' || status === 'failed';
}

/** Statuses at which the delivery workflow has nothing left to do (late receipts may still come). */
export function isSettled(status: MessageStatus): boolean {
  return isFinal(status) || status === 'no_receipt' || status === 'unknown';
}

/**
 * The status a re-run continues from: a stall is resumed where it happened. A stall without its
 * origin is taken as an interrupted send, the cautious reading (it never leads to a second send).
 */
export function effectiveStatus(status: MessageStatus, stalledFrom: MessageStatus | undefined): MessageStatus {
  return status === 'stalled' ? (stalledFrom ?? 'sending') : status;
}

/** What the send step must do for a message. */
export type SendDecision =
  | 'claim' // nobody tried yet: claim it, then call the provider
  | 'record_unknown' // an earlier run claimed it and stopped: the provider may have it
  | 'await_receipt' // accepted earlier: only the receipt is missing
  | 'done'; // settled: nothing to send, nothing to wait for

export function sendDecision(status: MessageStatus, stalledFrom?: MessageStatus): SendDecision {
  switch (effectiveStatus(status, stalledFrom)) {
    case 'pending':
      return 'claim';
    case 'sending':
    case 'stalled':
      return 'record_unknown';
    case 'sent':
      return 'await_receipt';
    default:
      return 'done';
  }
}

/** The status a delivery event moves the message to, or undefined when the event changes nothing. */
export function statusAfterDeliveryEvent(status: MessageStatus, event: DeliveryEvent): MessageStatus | undefined {
  if (isFinal(status)) return undefined;
  if (status === 'pending') return undefined; // cannot be: no provider id exists before acceptance
  return event.kind;
}

/** The status after the receipt deadline passed, or undefined when a receipt already settled it. */
export function statusAfterReceiptTimeout(status: MessageStatus): MessageStatus | undefined {
  return status === 'sent' ? 'no_receipt' : undefined;
}

/** The outcome a settled status reports to a waiting workflow, if it has one. */
export function outcomeOf(status: MessageStatus): DeliveryOutcome | undefined {
  return status === 'delivered' || status === 'failed' || status === 'no_receipt' ? status : undefined;
}

/**
 * Whether a workflow failure may be recorded as a stall: a settled message keeps its status (the
 * failure came after the outcome was known), and an existing stall keeps its origin.
 */
export function canStall(status: MessageStatus): boolean {
  return status === 'pending' || status === 'sending' || status === 'sent';
}

/** Whole seconds left until `deadline`, at least 1 (a Step Functions timeout must be positive). */
export function secondsUntil(deadline: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(deadline) - now.getTime()) / 1000));
}

/**
 * An `unknown` send past its receipt deadline that the provider has no record of never reached
 * it: the process stopped between the claim and the call, or the call never arrived.
 * - An SMS with no delivery-status record for its number in its whole send window: SNS logs every
 *   SMS it accepts (success sampling 100%, every failure too).
 * - An email with no SES `Send` event: SES publishes one for every message it accepts (the
 *   configuration set's event destination includes Send).
 * Such a send sent nothing, so sending again cannot be a second copy. One record or more (for an
 * SMS even another message's) might be it, and `undefined` means nobody looked: never a resend.
 */
export function neverLeft(providerRecordsOfTheSend: number | undefined): boolean {
  return providerRecordsOfTheSend === 0;
}

/**
 * How many times one message that provably never left is queued to be sent again. A platform
 * killed again and again between the claim and the call still ends (`unknown`) instead of looping.
 */
export const maxResendsPerMessage = 2;

/** What the evidence of a never-left send was, for the chain event that records the resend. */
export function neverLeftEvidence(channel: MessageChannel): string {
  return channel === 'sms'
    ? 'no SMS delivery-status record for the number between the claim and the receipt deadline'
    : 'no SES Send event for the message by the receipt deadline';
}
