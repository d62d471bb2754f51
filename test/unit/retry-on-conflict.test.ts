import { describe, expect, it } from 'vitest';
import { AlreadyExists, ConcurrentModification, RuleViolation } from '../../shared/domain/errors';
import { movedOrCreatedFirst, retryOnConflict } from '../../shared/domain/retry-on-conflict';

/** A try that loses its race `losses` times, then answers with the round it won in. */
function losing(losses: number, error: () => Error = () => new ConcurrentModification('moved')) {
  const rounds: number[] = [];
  const attempt = async (round: number) => {
    rounds.push(round);
    if (rounds.length <= losses) throw error();
    return round;
  };
  return { attempt, rounds };
}

describe('retryOnConflict', () => {
  it('tries again on fresh reads after a lost race, numbering the rounds from 1', async () => {
    const { attempt, rounds } = losing(2);
    expect(await retryOnConflict(attempt, 3)).toBe(3);
    expect(rounds).toEqual([1, 2, 3]);
  });

  it('hands the conflict to the caller once the tries are spent', async () => {
    const { attempt, rounds } = losing(3);
    await expect(retryOnConflict(attempt, 3)).rejects.toBeInstanceOf(ConcurrentModification);
    expect(rounds).toEqual([1, 2, 3]);
  });

  it('never repeats a try that failed for another reason', async () => {
    const { attempt, rounds } = losing(1, () => new RuleViolation('closed', 'closed'));
    await expect(retryOnConflict(attempt, 3)).rejects.toBeInstanceOf(RuleViolation);
    expect(rounds).toEqual([1]);
  });

  it('takes a create that lost to another as a lost race only when asked to', async () => {
    const created = () => new AlreadyExists('created first');
    await expect(retryOnConflict(losing(1, created).attempt, 3)).rejects.toBeInstanceOf(AlreadyExists);
    expect(await retryOnConflict(losing(1, created).attempt, 3, movedOrCreatedFirst)).toBe(2);
  });
});
