import type { Clock } from '../../ports/clock';
import type { EmailAcceptances } from '../../ports/email-acceptances';
import type { EmailChannel, SmsChannel } from '../../ports/message-channels';
import type { SendRateLimiter } from '../../ports/send-rate-limiter';
import type { SmsDeliveryLogs } from '../../ports/sms-delivery-logs';
import type { StateStore } from '../../ports/state-store';
import type { WorkflowEngine } from '../../ports/workflows';

/** The ports the MessageDelivery tasks and the receipt consumers work through. */
export interface MessageDeliveryDeps {
  store: StateStore;
  clock: Clock;
  sms: SmsChannel;
  email: EmailChannel;
  workflows: WorkflowEngine;
  /** Per-channel send rate; without one, sends are not limited (tests of other behaviour). */
  rateLimiter?: SendRateLimiter;
  /**
   * SMS delivery-status records by destination: kept by the receipt consumer, read to settle an
   * SMS whose send is `unknown`. Without them such an SMS stays `unknown`.
   */
  smsLogs?: SmsDeliveryLogs;
  /**
   * SES `Send` events by the platform's message id: kept by the SES event consumer, read to tell
   * an email whose send is `unknown` that SES took from one it never did. Without them, nothing
   * is known either way.
   */
  emailAcceptances?: EmailAcceptances;
}
