import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import { FixedWindowRequestQuota } from '../../shared/adapters/dynamodb/fixed-window-request-quota';
import { httpHarness } from '../support/http-harness';
import { TestClock } from '../support/test-clock';

/** Per-court throttling (DESIGN.md, Operations): each court client's own quota per minute, in the table. */
describe('per-court request quota', () => {
  let harness: Awaited<ReturnType<typeof httpHarness>>;
  let app: ReturnType<typeof createApp>;
  const clock = new TestClock();

  beforeAll(async () => {
    harness = await httpHarness();
    app = createApp({
      ...harness.deps,
      clock,
      requestQuota: new FixedWindowRequestQuota(harness.client, harness.tableName, clock, 3),
    });
  });

  const get = async (role: 'court' | 'operator', subject: string) =>
    app.request('/v1/courts', { headers: { authorization: `Bearer ${await harness.tokens.sign(role, subject)}` } });

  it('answers 429 with Retry-After once a court client used its minute, and not another court or an operator', async () => {
    const court = await harness.registeredCourtClient('Quota Court');
    const other = await harness.registeredCourtClient('Other Court');

    const statuses: number[] = [];
    for (let request = 0; request < 4; request++) statuses.push((await get('court', court)).status);
    const refused = await get('court', court);
    const otherCourt = await get('court', other);
    const operator = await get('operator', 'op-quota');

    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await refused.json()) as Record<string, unknown>).toMatchObject({ code: 'court_request_quota' });
    expect(otherCourt.status).toBe(200);
    expect(operator.status).toBe(200);
  });

  it('gives the court a new quota the next minute', async () => {
    const court = await harness.registeredCourtClient('Patient Court');
    for (let request = 0; request < 3; request++) await get('court', court);
    const over = await get('court', court);

    clock.advance(60_000);
    const nextMinute = await get('court', court);

    expect(over.status).toBe(429);
    expect(nextMinute.status).toBe(200);
  });
});
