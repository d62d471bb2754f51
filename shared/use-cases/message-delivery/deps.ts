import type { Clock } from '../../ports/clock';
import type { EmailChannel, SmsChannel } from '../../ports/message-channels';
import type { SendRateLimiter } from '../../ports/send-rate-limiter';
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
}
