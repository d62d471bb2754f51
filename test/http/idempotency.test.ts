import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlreadyExists, ConcurrentModification } from '../../shared/domain/errors';
import { httpHarness } from '../support/http-harness';
import { courtRegistration, operator } from '../support/mediation-api';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** The courts the harness's store holds: what a registration writes, counted without the other items. */
async function courtsRegistered(h: Harness): Promise<number> {
  const list = await h.call('GET', '/v1/courts', { as: operator });
  return (list.json.items as unknown[]).length;
}

/** A store whose first commit waits until `finish()`: a request stays in flight while another arrives. */
function holdFirstCommit(h: Harness) {
  const commit = h.store.commit.bind(h.store);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started: () => void = () => {};
  const inFlight = new Promise<void>((resolve) => {
    started = resolve;
  });
  let first = true;
  h.store.commit = async (change) => {
    if (first) {
      first = false;
      started();
      await held;
    }
    return commit(change);
  };
  return { inFlight, finish: release };
}

describe('Idempotency-Key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness();
  });

  it('replays the first answer to a retry and does the work once', async () => {
    const body = courtRegistration(h.uniqueClientId());
    const first = await h.call('POST', '/v1/courts', { as: operator, body, headers: { 'idempotency-key': 'k-1' } });
    const retry = await h.call('POST', '/v1/courts', { as: operator, body, headers: { 'idempotency-key': 'k-1' } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('location')).toMatch(/^\/v1\/courts\/crt_/);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(await courtsRegistered(h)).toBe(1);
  });

  it('keeps keys apart per caller', async () => {
    const a = await h.call('POST', '/v1/courts', {
      as: ['operator', 'op-a'],
      body: courtRegistration(h.uniqueClientId()),
      headers: { 'idempotency-key': 'same' },
    });
    const b = await h.call('POST', '/v1/courts', {
      as: ['operator', 'op-b'],
      body: courtRegistration(h.uniqueClientId()),
      headers: { 'idempotency-key': 'same' },
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.json.id).not.toBe(a.json.id);
  });
});

describe('Idempotency-Key: the 409 answers', () => {
  it('answers 409 idempotency_key_reused to the same key with another body, does nothing, and still replays the first', async () => {
    // Prepare
    const h = await httpHarness();
    const body = courtRegistration(h.uniqueClientId());
    const headers = { 'idempotency-key': 'reused-1' };
    const first = await h.call('POST', '/v1/courts', { as: operator, body, headers });

    // Act
    const reused = await h.call('POST', '/v1/courts', {
      as: operator,
      body: courtRegistration(h.uniqueClientId(), 'Another court'),
      headers,
    });
    const replay = await h.call('POST', '/v1/courts', { as: operator, body, headers });

    // Assess
    expect(first.status).toBe(201);
    expect(reused.status, 'a conflicting repeat is 409, as DESIGN.md says (not 422)').toBe(409);
    expect(reused.headers.get('content-type')).toBe('application/problem+json');
    expect(reused.json).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    expect(await courtsRegistered(h), 'only the first body registered a court').toBe(1);
    expect(replay.status, 'the first answer is kept, not replaced by the conflict').toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(first.json);
  });

  it('answers 409 idempotency_key_reused to the same key on another route', async () => {
    const h = await httpHarness();
    const headers = { 'idempotency-key': 'reused-2' };
    const court = await h.call('POST', '/v1/courts', {
      as: operator,
      body: courtRegistration(h.uniqueClientId()),
      headers,
    });

    const elsewhere = await h.call('POST', '/v1/organizations', { as: operator, body: { name: 'x' }, headers });

    expect(court.status).toBe(201);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json).toMatchObject({ code: 'idempotency_key_reused' });
  });

  /** The request and what it writes, for each lost race: a court, or an organization (whose create can lose one). */
  const organization = {
    name: 'Futian People’s Mediation Committee',
    kind: 'peoples_mediation_committee',
    regionCode: '440304',
  };
  it.each([
    {
      code: 'concurrent_modification',
      race: () => new ConcurrentModification('another write came first'),
      path: '/v1/courts',
      body: (h: Harness) => courtRegistration(h.uniqueClientId()),
    },
    {
      code: 'already_exists',
      race: () => new AlreadyExists('a create came first'),
      path: '/v1/organizations',
      body: () => organization,
    },
  ])(
    'releases the key when the answer is a lost race (409 $code), so the retry does the work',
    async ({ code, race, path, body: bodyFor }) => {
      // Prepare: a store whose first commit loses a race, as DynamoDB's conditional write would report it
      // (the race itself is injected; the rest is the real store on DynamoDB Local).
      const raced = await httpHarness();
      const commit = raced.store.commit.bind(raced.store);
      let lost = false;
      raced.store.commit = async (change) => {
        if (!lost) {
          lost = true;
          throw race();
        }
        return commit(change);
      };
      const body = bodyFor(raced);
      const headers = { 'idempotency-key': 'race-1' };

      // Act
      const first = await raced.call('POST', path, { as: operator, body, headers });
      const retry = await raced.call('POST', path, { as: operator, body, headers });
      const again = await raced.call('POST', path, { as: operator, body, headers });

      // Assess
      expect(first.status, 'the first attempt lost the race').toBe(409);
      expect(first.json).toMatchObject({ code });
      expect(retry.status, `the retry with the same key does the work: ${retry.text}`).toBe(201);
      expect(retry.headers.get('idempotent-replayed'), 'the retry was not a replay').toBeNull();
      expect(again.status, 'a further retry replays the success').toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.json).toEqual(retry.json);
      const list = await raced.call('GET', path, { as: operator });
      expect(list.json.items, 'written once').toHaveLength(1);
    },
  );

  it('answers 409 idempotent_request_in_progress to a retry while the first is running, and keeps the first’s claim', async () => {
    // Prepare: the first request held inside its commit (injected wait; the store is real)
    const h = await httpHarness();
    const held = holdFirstCommit(h);
    const body = courtRegistration(h.uniqueClientId());
    const headers = { 'idempotency-key': 'slow-1' };
    const first = h.call('POST', '/v1/courts', { as: operator, body, headers });
    await held.inFlight;

    // Act
    const whileRunning = await h.call('POST', '/v1/courts', { as: operator, body, headers });
    held.finish();
    const done = await first;
    const afterwards = await h.call('POST', '/v1/courts', { as: operator, body, headers });

    // Assess
    expect(whileRunning.status).toBe(409);
    expect(whileRunning.json).toMatchObject({ code: 'idempotent_request_in_progress' });
    expect(done.status, 'the first request finished its work').toBe(201);
    expect(afterwards.status, 'the in-progress answer released nothing: the first answer is replayed').toBe(201);
    expect(afterwards.headers.get('idempotent-replayed')).toBe('true');
    expect(afterwards.json).toEqual(done.json);
    expect(await courtsRegistered(h)).toBe(1);
  });

  /** Ages the key's claim past the stale limit, as a minute without an answer would. */
  async function ageClaim(h: Harness, key: string): Promise<void> {
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: { pk: `IDEMPOTENCY#operator:${operator[1]}#${key}`, sk: 'IDEMPOTENCY' },
        UpdateExpression: 'SET claimedAt = claimedAt - :seconds',
        ExpressionAttributeValues: { ':seconds': 120 },
      }),
    );
  }

  it('does not do the work again when a retry takes over the claim of a run that crashed after its commit (409 idempotent_request_done)', async () => {
    // Prepare: the first run commits, then its process stops before the answer is kept (injected).
    const h = await httpHarness();
    const headers = { 'idempotency-key': 'crashed-1' };
    const complete = h.deps.idempotency.complete;
    h.deps.idempotency.complete = async () => {
      throw new Error('the process stopped before the answer was kept');
    };
    const first = await h.call('POST', '/v1/organizations', { as: operator, body: organization, headers });
    h.deps.idempotency.complete = complete;
    await ageClaim(h, headers['idempotency-key']);

    // Act
    const retry = await h.call('POST', '/v1/organizations', { as: operator, body: organization, headers });
    const again = await h.call('POST', '/v1/organizations', { as: operator, body: organization, headers });

    // Assess
    expect(first.status).toBe(500);
    expect(retry.status, retry.text).toBe(409);
    expect(retry.json).toMatchObject({ code: 'idempotent_request_done' });
    expect(again.headers.get('idempotent-replayed'), 'the answer is kept for later retries').toBe('true');
    expect(again.json).toEqual(retry.json);
    const list = await h.call('GET', '/v1/organizations', { as: operator });
    expect(list.json.items, 'written once, by the first run').toHaveLength(1);
  });

  it('lets only one run commit when a retry takes over the claim of a run still working, and keeps that run’s answer', async () => {
    // Prepare: the first run held inside its commit past the stale limit (injected wait and age).
    const h = await httpHarness();
    const held = holdFirstCommit(h);
    const headers = { 'idempotency-key': 'overtaken-1' };
    const first = h.call('POST', '/v1/organizations', { as: operator, body: organization, headers });
    await held.inFlight;
    await ageClaim(h, headers['idempotency-key']);

    // Act
    const retry = await h.call('POST', '/v1/organizations', { as: operator, body: organization, headers });
    held.finish();
    const overtaken = await first;
    const afterwards = await h.call('POST', '/v1/organizations', { as: operator, body: organization, headers });

    // Assess
    expect(retry.status, retry.text).toBe(201);
    expect(overtaken.status, overtaken.text).toBe(409);
    expect(overtaken.json).toMatchObject({ code: 'idempotent_request_done' });
    expect(afterwards.headers.get('idempotent-replayed')).toBe('true');
    expect(afterwards.status, 'the overtaken run did not replace the answer kept').toBe(201);
    expect(afterwards.json).toEqual(retry.json);
    const list = await h.call('GET', '/v1/organizations', { as: operator });
    expect(list.json.items).toHaveLength(1);
  });
});
