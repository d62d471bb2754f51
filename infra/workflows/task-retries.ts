import { Duration } from 'aws-cdk-lib';
import type { RetryProps } from 'aws-cdk-lib/aws-stepfunctions';
import { messageTaskErrors } from '../../shared/ports/message-tasks';

/** Errors of the Lambda service itself (not of our code): always worth retrying. */
export const transientLambdaErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/** The Retry every task state of every workflow carries, for the Lambda service's own failures. */
export const transientRetry: RetryProps = {
  errors: transientLambdaErrors,
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 6,
};

/**
 * Throttling by SES or SNS (or the platform's own send rate) lasts seconds to a minute: back off
 * from 5 s, up to 6 tries (about 5 minutes in all), then stall where an operator sees it.
 */
export const sendRetry: RetryProps = {
  errors: [messageTaskErrors.sendRetryable],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(120),
};
