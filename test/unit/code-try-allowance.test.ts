import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';
import { ConcurrentModification, TooManyRequests } from '../../shared/domain/errors';
import type { Allowances } from '../../shared/ports/send-rate-limiter';
import { takeCodeTry } from '../../shared/use-cases/people/allowances';

const now = new Date('2026-12-03T08:00:00.000Z');
const vault = new LocalPiiVault({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) });

/** An allowance table whose every take answers `take`. */
function allowances(take: Allowances['take']): Allowances {
  return { check: async () => undefined, take, remaining: async () => 5, giveBack: async () => undefined };
}

const tryCode = (take: Allowances['take']) =>
  takeCodeTry({ allowances: allowances(take), vault, clock: { now: () => now } }, 'invitation:abc', '198.51.100.9');

describe('a try of a code, counted before it is judged', () => {
  it('goes ahead when both allowances take it', async () => {
    await expect(tryCode(async () => ({ ok: true }))).resolves.toBeUndefined();
  });

  it('is held up when an allowance is full', async () => {
    const retryAt = new Date(now.getTime() + 15 * 60_000);
    await expect(tryCode(async () => ({ ok: false, retryAt }))).rejects.toMatchObject({
      code: 'too_many_wrong_codes',
      retryAfterSeconds: 900,
    });
  });

  it('is held up, never answered as a lost race, when the allowance keeps losing its race', async () => {
    // A lost race is what the callers retry as a try already counted: it would be judged uncounted.
    const racing = tryCode(async () => {
      throw new ConcurrentModification('too many requests at once');
    });
    await expect(racing).rejects.toBeInstanceOf(TooManyRequests);
    await expect(racing).rejects.toMatchObject({ code: 'too_many_wrong_codes', retryAfterSeconds: 1 });
  });

  it('passes on any other failure of the table as it is', async () => {
    const broken = new Error('the table did not answer');
    await expect(
      tryCode(async () => {
        throw broken;
      }),
    ).rejects.toBe(broken);
  });
});
