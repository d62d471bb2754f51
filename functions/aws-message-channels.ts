import { SesEmailChannel } from '../shared/adapters/ses/ses-email-channel';
import { SnsSmsChannel } from '../shared/adapters/sns/sns-sms-channel';
import type { Config } from '../shared/config/config';

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
