/**
 * One SNS SMS delivery-status record, as the platform keeps it: SNS's message id, the
 * destination, the record's time and its status. Nothing else is in SNS's logs (no message
 * attributes), so nothing else can tie a record to a message whose SNS id was never recorded.
 */
export interface SmsDeliveryLog {
  providerMessageId: string;
  destination: string;
  /** The record's time (ISO 8601). */
  at: string;
  status: 'delivered' | 'failed';
  reason?: string;
}

/** The delivery-status records received, by destination: evidence for an SMS whose send is `unknown`. */
export interface SmsDeliveryLogs {
  /** Keeps the record; a repeat of the same record changes nothing. */
  record(log: SmsDeliveryLog): Promise<void>;
  /** The records for `destination` whose time lies in [from, to], oldest first. */
  between(destination: string, from: string, to: string): Promise<SmsDeliveryLog[]>;
}
