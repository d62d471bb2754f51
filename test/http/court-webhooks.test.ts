import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { seedCourt } from '../support/service-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

const operator: ['operator', string] = ['operator', 'op-webhooks'];

describe('PUT, GET /v1/courts/{id}/webhook', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness();
  });

  it('registers a court’s own endpoint, answers its secret once, and never shows it again', async () => {
    const court = await seedCourt(h.store);
    const put = await h.call('PUT', `/v1/courts/${court.courtId}/webhook`, {
      as: court.as,
      body: { url: 'https://court.example/callbacks' },
    });
    expect(put.status, put.text).toBe(201);
    expect(put.json).toMatchObject({ courtId: court.courtId, url: 'https://court.example/callbacks' });
    expect(put.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const get = await h.call('GET', `/v1/courts/${court.courtId}/webhook`, { as: court.as });
    expect(get.status, get.text).toBe(200);
    expect(get.json).toEqual({
      courtId: court.courtId,
      url: 'https://court.example/callbacks',
      secretIssuedAt: put.json.secretIssuedAt,
      createdAt: put.json.createdAt,
      changedAt: put.json.changedAt,
    });
    // The stored item keeps the secret sealed, never in the clear.
    const stored = (await h.allItems()).find((item) => item.pk === `COURT#${court.courtId}` && item.sk === 'WEBHOOK');
    expect(JSON.stringify(stored)).not.toContain(put.json.secret.slice(6));

    const repeat = await h.call('PUT', `/v1/courts/${court.courtId}/webhook`, {
      as: court.as,
      body: { url: 'https://court.example/callbacks' },
    });
    expect(repeat.status).toBe(200);
    expect(repeat.json.secret).toBeUndefined();

    const moved = await h.call('PUT', `/v1/courts/${court.courtId}/webhook`, {
      as: court.as,
      body: { url: 'https://court.example/v2/callbacks' },
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({
      url: 'https://court.example/v2/callbacks',
      secretIssuedAt: put.json.secretIssuedAt,
    });
    expect(moved.json.secret).toBeUndefined();

    const rotated = await h.call('PUT', `/v1/courts/${court.courtId}/webhook`, {
      as: court.as,
      body: { url: 'https://court.example/v2/callbacks', rotateSecret: true },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(put.json.secret);
  });

  it('never caches nor replays an answer with the secret: a retry with the same Idempotency-Key is 409 secret_shown_once', async () => {
    const court = await seedCourt(h.store);
    const put = (rotateSecret?: true) =>
      h.call('PUT', `/v1/courts/${court.courtId}/webhook`, {
        as: court.as,
        body: { url: 'https://court.example/callbacks', ...(rotateSecret ? { rotateSecret } : {}) },
        headers: { 'idempotency-key': rotateSecret ? 'webhook-rotate' : 'webhook-first' },
      });
    const first = await put();
    expect(first.status, first.text).toBe(201);
    expect(first.json.secret).toMatch(/^whsec_/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const retry = await put();
    expect([retry.status, retry.json.code, retry.json.secret]).toEqual([409, 'secret_shown_once', undefined]);

    const rotated = await put(true);
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const rotatedAgain = await put(true);
    expect([rotatedAgain.status, rotatedAgain.json.code]).toEqual([409, 'secret_shown_once']);
  });

  it('lets an operator register and read any court’s endpoint', async () => {
    const court = await seedCourt(h.store);
    const put = await h.call('PUT', `/v1/courts/${court.courtId}/webhook`, {
      as: operator,
      body: { url: 'https://court.example/op' },
    });
    expect(put.status).toBe(201);
    expect((await h.call('GET', `/v1/courts/${court.courtId}/webhook`, { as: operator })).status).toBe(200);
    expect((await h.call('GET', '/v1/courts/crt_nobody/webhook', { as: operator })).status).toBe(404);
  });

  it('answers 404 for another court’s endpoint and 403 to a party, changing nothing', async () => {
    const ours = await seedCourt(h.store);
    const theirs = await seedCourt(h.store, 'another court');
    const before = await h.allItems();
    const put = await h.call('PUT', `/v1/courts/${theirs.courtId}/webhook`, {
      as: ours.as,
      body: { url: 'https://court.example/stolen' },
    });
    expect(put.status).toBe(404);
    expect(put.headers.get('content-type')).toBe('application/problem+json');
    expect((await h.call('GET', `/v1/courts/${theirs.courtId}/webhook`, { as: ours.as })).status).toBe(404);
    expect((await h.call('GET', `/v1/courts/${theirs.courtId}/webhook-deliveries`, { as: ours.as })).status).toBe(404);
    const party = await h.call('PUT', `/v1/courts/${ours.courtId}/webhook`, {
      as: ['party', 'someone'],
      body: { url: 'https://court.example/x' },
    });
    expect(party.status).toBe(403);
    expect(await h.allItems()).toEqual(before);
  });

  it.each([
    ['http://court.example/callbacks', 'https'],
    ['https://10.0.0.8/callbacks', 'public'],
    ['https://169.254.169.254/latest/meta-data', 'public'],
    ['https://[::ffff:127.0.0.1]/hook', 'public'],
    ['https://localhost/hook', 'public'],
    ['https://LOCALHOST./hook', 'public'],
    ['https://court.example/a\r\nX-Injected: 1', 'ASCII'],
    ['https://user:secret@court.example/hook', 'credentials'],
  ])('refuses %s with a 400 naming the url, and stores nothing', async (url, words) => {
    const court = await seedCourt(h.store);
    const before = await h.allItems();
    const response = await h.call('PUT', `/v1/courts/${court.courtId}/webhook`, { as: court.as, body: { url } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json.errors).toEqual([{ path: 'body.url', message: expect.stringContaining(words) }]);
    expect(await h.allItems()).toEqual(before);
    expect((await h.call('GET', `/v1/courts/${court.courtId}/webhook`, { as: court.as })).status).toBe(404);
  });

  it('lists no deliveries for a court that was never called back', async () => {
    const court = await seedCourt(h.store);
    const response = await h.call('GET', `/v1/courts/${court.courtId}/webhook-deliveries?limit=10`, { as: court.as });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ items: [] });
  });
});
