import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock';
import type { RequestQuota } from '../../ports/request-quota';
import { countInWindow } from './fixed-window-count';

/**
 * A fixed one-minute window per subject, counted atomically in the table, one write per request
 * (fixed-window-count.ts). Windows expire by TTL.
 */
export class FixedWindowRequestQuota implements RequestQuota {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {}

  async take(subject: string): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    const counted = await countInWindow(this.client, this.tableName, {
      pk: `REQUEST_QUOTA#${subject}#${minute}`,
      sk: 'REQUEST_QUOTA',
      limit: this.perMinute,
      expiresAt: (minute + 2) * 60,
    });
    return counted ? { ok: true } : { ok: false, retryAt: new Date((minute + 1) * 60_000) };
  }
}
