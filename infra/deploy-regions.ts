import { PlatformContextError } from './context-error';

/**
 * Regions the platform deploys to: each offers every service it cannot run without, checked against
 * AWS's service lists (SES v2 with event destinations to EventBridge, SNS SMS with delivery-status
 * logs, Cognito user pools on the Essentials and Plus plans, API Gateway HTTP APIs, Step Functions).
 * Deliberately short: a region is added once someone has checked it. Missing on purpose:
 * `ap-east-1` (Hong Kong) has no SES (CDK's CloudFormation validator rejects the SES resources
 * there); the `cn-` regions have neither SES nor Cognito's managed login.
 */
export const deployRegions = [
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-south-1',
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'eu-north-1',
  'sa-east-1',
] as const;

/** Throws, naming the regions that work, when `region` lacks SES or SNS SMS. */
export function assertDeployRegion(region: string): void {
  if ((deployRegions as readonly string[]).includes(region)) return;
  throw new PlatformContextError(
    `context region: the platform cannot run in ${region}: it sends email with SES and SMS with SNS, ` +
      `and ${region} is not among the regions known to offer both. Use one of: ${deployRegions.join(', ')} ` +
      '(ap-southeast-1 is the nearest to mainland China and Hong Kong).',
  );
}
