import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterUse, maxUses, nextUseAt, ownCodePolicy, triggeredSendPolicy } from '../../shared/domain/limits/allowance';

const start = Date.parse('2026-06-01T00:00:00.000Z');
const at = (minutes: number) => new Date(start + minutes * 60_000);

describe('nextUseAt', () => {
  it('allows the first send at once, the second 10 minutes and the third an hour after the one before', () => {
    expect(nextUseAt(triggeredSendPolicy, [], at(0))).toBeUndefined();
    const one = afterUse(triggeredSendPolicy, [], at(0));
    expect(nextUseAt(triggeredSendPolicy, one, at(9))).toEqual(at(10));
    expect(nextUseAt(triggeredSendPolicy, one, at(10))).toBeUndefined();
    const two = afterUse(triggeredSendPolicy, one, at(10));
    expect(nextUseAt(triggeredSendPolicy, two, at(69))).toEqual(at(70));
    const three = afterUse(triggeredSendPolicy, two, at(70));
    expect(nextUseAt(triggeredSendPolicy, three, at(200))).toEqual(at(24 * 60));
    expect(nextUseAt(triggeredSendPolicy, three, at(24 * 60))).toBeUndefined();
  });

  it('keeps only the uses that can still matter', () => {
    const uses = [at(0), at(10), at(70)].map((date) => date.toISOString());
    expect(afterUse(triggeredSendPolicy, uses, at(24 * 60 + 5))).toEqual([
      at(10).toISOString(),
      at(70).toISOString(),
      at(24 * 60 + 5).toISOString(),
    ]);
  });
});

describe('an allowance, whatever the order of requests', () => {
  it('never lets more than its maximum through in any window, nor two closer than the spacing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(triggeredSendPolicy, ownCodePolicy),
        fc.array(fc.integer({ min: 0, max: 6 * 24 * 60 }), { minLength: 1, maxLength: 60 }),
        (policy, requestMinutes) => {
          let uses: string[] = [];
          const granted: number[] = [];
          for (const minute of [...requestMinutes].sort((a, b) => a - b)) {
            if (nextUseAt(policy, uses, at(minute)) === undefined) {
              uses = afterUse(policy, uses, at(minute));
              granted.push(minute);
            }
          }
          const window = policy.windowHours * 60;
          for (const [index, minute] of granted.entries()) {
            const inWindow = granted.filter((other) => other <= minute && other > minute - window);
            expect(inWindow.length).toBeLessThanOrEqual(maxUses(policy));
            if (index > 0) {
              const before = granted[index - 1] as number;
              const countBefore = granted.filter((other) => other <= before && other > minute - window).length;
              const gap = policy.gapsMinutes[Math.min(countBefore, maxUses(policy) - 1) - 1] ?? 0;
              expect(minute - before).toBeGreaterThanOrEqual(gap);
            }
          }
        },
      ),
    );
  });

  it('says a time at which the use is then allowed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * 24 * 60 }), { maxLength: 10 }),
        fc.nat(4 * 24 * 60),
        (used, now) => {
          const uses = used.filter((minute) => minute <= now).map((minute) => at(minute).toISOString());
          const next = nextUseAt(triggeredSendPolicy, uses, at(now));
          if (next === undefined) return;
          expect(next.getTime()).toBeGreaterThan(at(now).getTime());
          expect(nextUseAt(triggeredSendPolicy, uses, next)).toBeUndefined();
        },
      ),
    );
  });
});
