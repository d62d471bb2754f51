import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModification } from '../../domain/errors';
import { type AllowancePolicy, afterGiveBack, afterUse, nextUseAt, usesLeft } from '../../domain/limits/allowance';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Clock } from '../../ports/clock';
import type { Allowances } from '../../ports/send-rate-limiter';
import { keys, tableSchema } from './table-schema';

/** Lost races are re-decided from a fresh read (after a random pause) this often before the caller sees 409. */
const raceAttempts = 5;

/**
 * The allowances in the table, counted like the per-second send limiter (FixedWindowRateLimiter):
 * one item per policy and subject, written only under a condition, expired by TTL. Spacing needs
 * the times of the recent uses, not just a count, so the item keeps them (at most the policy's
 * maximum) and a use is a conditional write on the revision that was read: of two concurrent uses
 * one wins and the other is decided again. Several subjects are taken in one transaction.
 */
export class DynamoAllowances implements Allowances {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async check(policy: AllowancePolicy, subject: string): Promise<Date | undefined> {
    const [state] = await this.read(policy, [subject]);
    return nextUseAt(policy, state?.usedAt ?? [], this.clock.now());
  }

  async take(
    policy: AllowancePolicy,
    subjects: readonly string[],
  ): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
    const unique = [...new Set(subjects)];
    if (unique.length === 0) return { ok: true };
    return retryOnConflict(() => this.takeOnce(policy, unique), raceAttempts);
  }

  async remaining(policy: AllowancePolicy, subject: string): Promise<number> {
    const [state] = await this.read(policy, [subject]);
    return usesLeft(policy, state?.usedAt ?? [], this.clock.now());
  }

  async giveBack(policy: AllowancePolicy, subject: string): Promise<void> {
    await retryOnConflict(async () => {
      const [state] = await this.read(policy, [subject]);
      if (!state || state.usedAt.length === 0) return;
      await this.putOnce(this.allowancePut(policy, state, afterGiveBack(state.usedAt), this.clock.now()));
    }, raceAttempts).catch((error: unknown) => {
      // A give-back that keeps losing its race is dropped: the client keeps one more counted use.
      if (!(error instanceof ConcurrentModification)) throw error;
    });
  }

  /** One decision on fresh reads; a lost race on any subject is a ConcurrentModification. */
  private async takeOnce(
    policy: AllowancePolicy,
    subjects: readonly string[],
  ): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
    const now = this.clock.now();
    const states = await this.read(policy, subjects);
    const waits = states.flatMap((state) => nextUseAt(policy, state.usedAt, now) ?? []);
    if (waits.length > 0) {
      return { ok: false, retryAt: new Date(Math.max(...waits.map((at) => at.getTime()))) };
    }
    const puts = states.map((state) => this.allowancePut(policy, state, afterUse(policy, state.usedAt, now), now));
    await this.putOnce(...puts);
    return { ok: true };
  }

  /** The subject's item with `usedAt`, written only over the revision that was read. */
  private allowancePut(
    policy: AllowancePolicy,
    state: { subject: string; revision: number },
    usedAt: string[],
    now: Date,
  ) {
    return {
      TableName: this.tableName,
      Item: {
        ...keys.allowance(policy.name, state.subject),
        usedAt,
        revision: state.revision + 1,
        [tableSchema.timeToLiveAttribute]: Math.ceil(now.getTime() / 1000 + policy.windowHours * 3600 + 3600),
      },
      ConditionExpression:
        state.revision === 0 ? 'attribute_not_exists(pk)' : 'attribute_exists(pk) AND revision = :revision',
      ...(state.revision === 0 ? {} : { ExpressionAttributeValues: { ':revision': state.revision } }),
    };
  }

  /**
   * One put, or several in one transaction (one subject is one conditional put: a transaction of one
   * item costs twice the write units); a lost race is a ConcurrentModification.
   */
  private async putOnce(...puts: Array<ReturnType<DynamoAllowances['allowancePut']>>): Promise<void> {
    try {
      const [only] = puts;
      if (puts.length === 1 && only) await this.client.send(new PutCommand(only));
      else await this.client.send(new TransactWriteCommand({ TransactItems: puts.map((put) => ({ Put: put })) }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException)) {
        throw error;
      }
      throw new ConcurrentModification('too many requests at once for this recipient; try again', { cause: error });
    }
  }

  private async read(
    policy: AllowancePolicy,
    subjects: readonly string[],
  ): Promise<Array<{ subject: string; usedAt: string[]; revision: number }>> {
    const result = await this.client.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: subjects.map((subject) => keys.allowance(policy.name, subject)),
            ConsistentRead: true,
          },
        },
      }),
    );
    const items = result.Responses?.[this.tableName] ?? [];
    if (Object.keys(result.UnprocessedKeys ?? {}).length > 0) {
      throw new ConcurrentModification('the allowance could not be read; try again');
    }
    return subjects.map((subject) => {
      const item = items.find((candidate) => candidate.pk === keys.allowance(policy.name, subject).pk);
      const usedAt = Array.isArray(item?.usedAt)
        ? item.usedAt.filter((at): at is string => typeof at === 'string')
        : [];
      return { subject, usedAt, revision: typeof item?.revision === 'number' ? item.revision : 0 };
    });
  }
}
