import { systemClock } from '../shared/adapters/clock/system-clock';
import { SesEmailChannel } from '../shared/adapters/ses/ses-email-channel';
import { SnsSmsChannel } from '../shared/adapters/sns/sns-sms-channel';
import type { Config } from '../shared/config/config';
import type { MessageDeliveryDeps } from '../shared/use-cases/message-delivery/deps';
import {
  awsEmailAcceptances,
  awsSendRateLimiter,
  awsSmsDeliveryLogs,
  awsStateStore,
  awsWorkflowEngine,
} from './aws-adapters';

/**
 * The channels a message goes out by in AWS: SMS through SNS, email through SES with the
 * configuration set that publishes its events. Apart from aws-adapters.ts, so that only the
 * functions that send bundle the SNS and SES clients.
 */
export function awsMessageChannels(config: Config): { sms: SnsSmsChannel; email: SesEmailChannel } {
  const clientConfig = { region: config.AWS_REGION };
  return {
    sms: new SnsSmsChannel({ clientConfig }),
    email: new SesEmailChannel({
      clientConfig,
      fromAddress: config.MAIL_FROM,
      ...(config.SES_CONFIGURATION_SET === undefined ? {} : { configurationSetName: config.SES_CONFIGURATION_SET }),
    }),
  };
}

/**
 * Message delivery's ports in AWS, for every function that runs its steps (the MessageDelivery task
 * function, and ServiceDelivery's, which sends each attempt's message by the same steps): one
 * composition, so both read the provider's records of a send (SMS delivery-status records, SES
 * `Send` events) and an `unknown` send that never left is sent again wherever it ran.
 */
export function awsMessageDeliveryDeps(config: Config): MessageDeliveryDeps {
  return {
    store: awsStateStore(config),
    clock: systemClock,
    ...awsMessageChannels(config),
    workflows: awsWorkflowEngine(config),
    rateLimiter: awsSendRateLimiter(config),
    smsLogs: awsSmsDeliveryLogs(config),
    emailAcceptances: awsEmailAcceptances(config),
  };
}
