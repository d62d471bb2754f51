import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { courtRegistration, operator } from '../support/mediation-api';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

describe('POST /v1/courts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness();
  });

  it('registers a court for an operator and appends the event to its chain', async () => {
    const created = await h.call('POST', '/v1/courts', { as: operator, body: courtRegistration(h.uniqueClientId()) });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ level: 'basic', regionCode: '440304' });
    expect(created.headers.get('location')).toBe(`/v1/courts/${created.json.id}`);

    const chain = await h.store.readChain(`COURT#${created.json.id}`);
    expect(chain.head.seq).toBe(1);
    expect(chain.events[0]).toMatchObject({ type: 'court.registered', actor: { role: 'operator', subjectId: 'op-1' } });
  });

  it('answers 401 without a token and writes nothing', async () => {
    const before = await h.allItems();
    const response = await h.call('POST', '/v1/courts', { body: courtRegistration(h.uniqueClientId()) });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 401 for a forged token', async () => {
    const response = await h.call('GET', '/v1/courts', { headers: { authorization: 'Bearer not.a.token' } });
    expect(response.status).toBe(401);
  });

  it('answers 403 to a role that may never register courts, and writes nothing', async () => {
    const courtClient = await h.registeredCourtClient();
    const before = await h.allItems();
    for (const [role, id] of [
      ['party', 'x-1'],
      ['mediator', 'x-1'],
      ['court', courtClient],
    ] as const) {
      const response = await h.call('POST', '/v1/courts', {
        as: [role, id],
        body: courtRegistration(h.uniqueClientId()),
      });
      expect(response.status).toBe(403);
      expect(response.json).toMatchObject({ code: 'forbidden' });
    }
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 400 with field paths for a body that breaks the schema, and writes nothing', async () => {
    const before = await h.allItems();
    const response = await h.call('POST', '/v1/courts', {
      as: operator,
      body: { ...courtRegistration('bad id!'), level: 'galactic', status: 'confirmed' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const paths = response.json.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['body.level', 'body.clientId']));
    expect(response.json.errors.some((error: { message: string }) => /status/.test(error.message))).toBe(true);
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 400 for malformed JSON and 415 for another media type', async () => {
    const malformed = await h.call('POST', '/v1/courts', {
      as: operator,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const wrongType = await h.call('POST', '/v1/courts', {
      as: operator,
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBe(415);
  });

  it('answers 422 with the rule code when the API client already identifies a court', async () => {
    const clientId = h.uniqueClientId();
    expect((await h.call('POST', '/v1/courts', { as: operator, body: courtRegistration(clientId) })).status).toBe(201);
    const before = await h.allItems();
    const second = await h.call('POST', '/v1/courts', {
      as: operator,
      body: courtRegistration(clientId, 'Another court'),
    });
    expect(second.status).toBe(422);
    expect(second.json).toMatchObject({ code: 'court_client_taken' });
    expect(await h.allItems()).toEqual(before);
  });
});

describe('GET /v1/courts', () => {
  let h: Harness;
  let courtClient = '';
  beforeAll(async () => {
    h = await httpHarness();
    for (const name of ['Court A', 'Court B', 'Court C']) {
      const clientId = h.uniqueClientId();
      await h.call('POST', '/v1/courts', { as: operator, body: courtRegistration(clientId, name) });
      courtClient = clientId;
    }
  });

  it('pages through the roster with a cursor, for any signed-in role', async () => {
    const first = await h.call('GET', '/v1/courts?limit=2', { as: ['party', 'p-1'] });
    expect(first.status).toBe(200);
    expect(first.json.items.map((court: { name: string }) => court.name)).toEqual(['Court A', 'Court B']);
    const second = await h.call('GET', `/v1/courts?limit=2&cursor=${first.json.cursor}`, {
      as: ['court', courtClient],
    });
    expect(second.json.items.map((court: { name: string }) => court.name)).toEqual(['Court C']);
  });

  it('answers 400 for a forged cursor and for a limit out of range', async () => {
    expect((await h.call('GET', '/v1/courts?cursor=%%%', { as: operator })).status).toBe(400);
    const tooMany = await h.call('GET', '/v1/courts?limit=1000', { as: operator });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].path).toBe('query.limit');
  });

  it('answers 400, never 500, to a cursor it did not issue (see pagination-cursors.test.ts for every list)', async () => {
    const cursor = Buffer.from(JSON.stringify({ pk: 'a', sk: 'b', gsi1pk: 'COURTS', gsi1sk: 'c' })).toString(
      'base64url',
    );
    const response = await h.call('GET', `/v1/courts?cursor=${cursor}`, { as: operator });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'invalid_input' });
  });

  it('answers 404 as problem+json for an unknown court', async () => {
    const response = await h.call('GET', '/v1/courts/crt_missing', { as: operator });
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ code: 'not_found' });
  });
});
