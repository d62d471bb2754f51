import * as z from 'zod';

export { platformMessageHeader, platformMessageTag } from './platform-message-id';

/**
 * The `detail` of the EventBridge event that an SES configuration set's event destination emits
 * (SES event publishing), which the SES event consumer receives; locally the SES emulator's event
 * generator produces the same shape. Objects are loose because SES adds fields (headers, tags,
 * MTAs, ...) and documents them as extensible.
 */
const mailSchema = z.looseObject({
  /** The MessageId that `SendEmail` returned: the key that correlates events with the send. */
  messageId: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  source: z.string(),
  destination: z.array(z.string()),
  /** The send's message tags (`EmailTags`) and SES's own `ses:*` tags, each name with its values. */
  tags: z.record(z.string(), z.array(z.string())).optional(),
});

const recipientSchema = z.looseObject({ emailAddress: z.string() });

const sendEventSchema = z.looseObject({
  eventType: z.literal('Send'),
  mail: mailSchema,
  send: z.looseObject({}).optional(),
});

const deliveryEventSchema = z.looseObject({
  eventType: z.literal('Delivery'),
  mail: mailSchema,
  delivery: z.looseObject({
    timestamp: z.iso.datetime({ offset: true }),
    recipients: z.array(z.string()),
    processingTimeMillis: z.number().optional(),
    smtpResponse: z.string().optional(),
    reportingMTA: z.string().optional(),
  }),
});

const bounceEventSchema = z.looseObject({
  eventType: z.literal('Bounce'),
  mail: mailSchema,
  bounce: z.looseObject({
    /** Permanent: do not send to the address again. Transient: it may work later. */
    bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
    bounceSubType: z.string().optional(),
    bouncedRecipients: z.array(
      recipientSchema.extend({
        action: z.string().optional(),
        status: z.string().optional(),
        diagnosticCode: z.string().optional(),
      }),
    ),
    timestamp: z.iso.datetime({ offset: true }),
    feedbackId: z.string().optional(),
    reportingMTA: z.string().optional(),
  }),
});

const complaintEventSchema = z.looseObject({
  eventType: z.literal('Complaint'),
  mail: mailSchema,
  complaint: z.looseObject({
    complainedRecipients: z.array(recipientSchema),
    timestamp: z.iso.datetime({ offset: true }),
    feedbackId: z.string().optional(),
    complaintFeedbackType: z.string().optional(),
    complaintSubType: z.string().nullable().optional(),
  }),
});

const rejectEventSchema = z.looseObject({
  eventType: z.literal('Reject'),
  mail: mailSchema,
  reject: z.looseObject({ reason: z.string() }),
});

const deliveryDelayEventSchema = z.looseObject({
  eventType: z.literal('DeliveryDelay'),
  mail: mailSchema,
  deliveryDelay: z.looseObject({
    timestamp: z.iso.datetime({ offset: true }),
    delayType: z.string(),
    delayedRecipients: z.array(recipientSchema),
    expirationTime: z.iso.datetime({ offset: true }).optional(),
  }),
});

/**
 * The event types that bear on whether a message reached its recipient. Open, Click, Rendering
 * Failure and Subscription are not enabled on the platform's event destination and fail to parse.
 */
export const sesEventSchema = z.discriminatedUnion('eventType', [
  sendEventSchema,
  deliveryEventSchema,
  bounceEventSchema,
  complaintEventSchema,
  rejectEventSchema,
  deliveryDelayEventSchema,
]);

export type SesEvent = z.infer<typeof sesEventSchema>;
export type SesEventType = SesEvent['eventType'];
