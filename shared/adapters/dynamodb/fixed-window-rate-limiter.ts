import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock';
import type { SendRateLimiter } from '../../ports/send-rate-limiter';
import { countInWindow } from './fixed-window-count';

/**
 * A fixed one-second window per channel, counted atomically in the table (fixed-window-count.ts).
 * Windows expire by TTL a minute later.
 */
export class FixedWindowRateLimiter implements SendRateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly perSecond: Record<'sms' | 'email', number>,
  ) {}

  tryAcquire(channel: 'sms' | 'email'): Promise<boolean> {
    const second = Math.floor(this.clock.now().getTime() / 1000);
    return countInWindow(this.client, this.tableName, {
      pk: `SEND_RATE#${channel}#${second}`,
      sk: 'SEND_RATE',
      limit: this.perSecond[channel],
      expiresAt: second + 60,
    });
  }
}
