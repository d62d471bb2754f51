import { createMiddleware } from 'hono/factory';
import { TooManyRequests } from '../../../shared/domain/errors';
import type { Clock } from '../../../shared/ports/clock';
import type { RequestQuota } from '../../../shared/ports/request-quota';
import type { AppEnv } from '../app-env';

/**
 * Per-court throttling (DESIGN.md, Operations): after authentication, each court's client spends
 * its own per-minute quota; over it, 429 with Retry-After and nothing done. People's requests are
 * limited where it matters by their allowances (codes, sends), so only courts, whose integrations
 * call in bulk, are counted here. Without a quota (tests), nothing is counted.
 */
export function clientQuota(quota: RequestQuota | undefined, clock: Clock) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('principal');
    if (quota && principal?.role === 'court') {
      const taken = await quota.take(`court:${principal.subjectId}`);
      if (!taken.ok) {
        throw new TooManyRequests('court_request_quota', 'this court client made too many requests this minute', {
          retryAt: taken.retryAt,
          now: clock.now(),
        });
      }
    }
    await next();
  });
}
