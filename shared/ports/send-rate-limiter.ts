/**
 * Keeps the platform under each provider's send rate (SNS SMS and SES have per-second quotas): a
 * send goes ahead only if a slot in the current second was free. Shared by every task function,
 * so the limit holds however many run at once.
 */
export interface SendRateLimiter {
  tryAcquire(channel: 'sms' | 'email'): Promise<boolean>;
}
