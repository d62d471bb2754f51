import * as z from 'zod';

/**
 * One SMS delivery-status record as Amazon SNS writes it to CloudWatch Logs
 * (`sns/<region>/<account>/DirectPublishToPhoneNumber[/Failure]`), which reaches the SMS receipt
 * consumer through a log subscription; locally the SMS gateway produces the same records.
 * Objects are loose because SNS adds fields (`mcc`, `mnc`, `phoneCarrier`, ...) without notice.
 */
export const smsDeliveryStatusSchema = z.looseObject({
  notification: z.looseObject({
    /** The MessageId that `Publish` returned: the key that correlates the receipt with the send. */
    messageId: z.string().min(1),
    /** UTC, written by SNS as `2016-06-28 00:40:34.558` (no zone designator). */
    timestamp: z.string().min(1),
  }),
  delivery: z.looseObject({
    destination: z.string().min(1),
    smsType: z.enum(['Transactional', 'Promotional']).optional(),
    providerResponse: z.string(),
    numberOfMessageParts: z.number().int().nonnegative().optional(),
    priceInUSD: z.number().nonnegative().optional(),
    dwellTimeMs: z.number().nonnegative().optional(),
    dwellTimeMsUntilDeviceAck: z.number().nonnegative().optional(),
  }),
  status: z.enum(['SUCCESS', 'FAILURE']),
});

export type SmsDeliveryStatus = z.infer<typeof smsDeliveryStatusSchema>;

/** The record's timestamp as a Date: SNS omits the zone, and the zone is UTC. */
export function smsDeliveryStatusTime(record: SmsDeliveryStatus): Date {
  return new Date(`${record.notification.timestamp.replace(' ', 'T')}Z`);
}
