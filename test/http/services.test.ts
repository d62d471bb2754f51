import { randomBytes } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { documentStore, pdf, seedCourt, seedPerson, testServiceSettings } from '../support/service-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** The ids of every service the table holds. */
async function servicesOf(h: Harness): Promise<string[]> {
  return (await h.allItems())
    .filter((item) => /^SERVICE#[^#]+$/.test(String(item.pk)) && item.sk === 'ROOT')
    .map((item) => String(item.pk).slice('SERVICE#'.length))
    .sort();
}

const operator: ['operator', string] = ['operator', 'op-services'];

function request(personIds: string[], contentBase64 = pdf()) {
  return {
    document: { title: '调解书 Settlement', kind: 'settlement', mediaType: 'application/pdf', contentBase64 },
    recipients: personIds.map((personId) => ({ personId })),
  };
}

describe('POST /v1/services', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness({ documents: documentStore(), service: testServiceSettings() });
  });

  it('stores the document with its SHA-256 and records a planned recipient per person, with the workflow start in the outbox', async () => {
    const person = await seedPerson(h.store);
    const content = pdf('settlement');
    const response = await h.call('POST', '/v1/services', { as: operator, body: request([person.personId], content) });
    expect(response.status, response.text).toBe(201);
    const { createHash } = await import('node:crypto');
    expect(response.json.document.sha256).toBe(
      createHash('sha256').update(Buffer.from(content, 'base64')).digest('hex'),
    );
    expect(response.json.recipients).toEqual([
      { recipientId: expect.stringMatching(/^rcp_/), personId: person.personId, status: 'planned' },
    ]);
    expect(response.headers.get('location')).toBe(`/v1/services/${response.json.serviceId}`);

    const stored = await documentStore().get(`services/${response.json.serviceId}/document`);
    expect(Buffer.from(stored?.content ?? []).toString('base64')).toBe(content);
    const outbox = (await h.allItems()).filter((item) => item.type === 'service.requested');
    expect(outbox.map((item) => item.payload.serviceId)).toContain(response.json.serviceId);

    const status = await h.call('GET', `/v1/services/${response.json.serviceId}`, { as: operator });
    expect(status.json.recipients[0]).toMatchObject({ status: 'planned', attempts: [] });
  });

  it('makes no second service when a retry follows a crash between the commit and the kept answer (Idempotency-Key)', async () => {
    const person = await seedPerson(h.store);
    const body = request([person.personId], pdf('crash-retry'));
    const headers = { 'idempotency-key': `crash-${randomBytes(4).toString('hex')}` };
    // The first run records the service, then its process dies before the answer is kept: the
    // claim stays in progress and, after a minute, a retry may take it over and run again.
    const { idempotency } = h.deps;
    const complete = idempotency.complete;
    idempotency.complete = async () => {
      throw new Error('the process stopped before the answer was kept');
    };
    const first = await h.call('POST', '/v1/services', { as: operator, body, headers });
    idempotency.complete = complete;
    expect(first.status).toBe(500);
    const servicesBefore = await servicesOf(h);
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: { pk: `IDEMPOTENCY#operator:${operator[1]}#${headers['idempotency-key']}`, sk: 'IDEMPOTENCY' },
        UpdateExpression: 'SET claimedAt = claimedAt - :minutes',
        ExpressionAttributeValues: { ':minutes': 120 },
      }),
    );

    const retry = await h.call('POST', '/v1/services', { as: operator, body, headers });

    expect(retry.status, retry.text).toBe(201);
    expect(await servicesOf(h), 'no second service').toEqual(servicesBefore);
    const [service] = servicesBefore.filter((id) => retry.json.serviceId === id);
    expect(service, 'the retry answers with the first run’s service').toBeDefined();
    expect(retry.json.recipients).toEqual([
      { recipientId: expect.stringMatching(/^rcp_/), personId: person.personId, status: 'planned' },
    ]);
    const replay = await h.call('POST', '/v1/services', { as: operator, body, headers });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(retry.json);
  });

  it('answers 400 for empty recipients and writes nothing', async () => {
    const before = await h.allItems();
    const response = await h.call('POST', '/v1/services', { as: operator, body: request([]) });
    expect(response.status).toBe(400);
    expect(response.json.errors[0].path).toBe('body.recipients');
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 400 naming the repeated recipient at its field when a person is named twice, and writes nothing', async () => {
    const person = await seedPerson(h.store);
    const other = await seedPerson(h.store);
    const before = await h.allItems();

    const response = await h.call('POST', '/v1/services', {
      as: operator,
      body: request([person.personId, other.personId, person.personId]),
    });

    expect(response.status, response.text).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json.code).toBe('validation_failed');
    expect(response.json.errors).toEqual([
      { path: 'body.recipients.2.personId', message: 'this person is already a recipient (recipients.0)' },
    ]);
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 400 for more recipients than one service takes (1,000), and writes nothing', async () => {
    const before = await h.allItems();
    const recipients = Array.from({ length: 1001 }, (_, n) => `psn_${n.toString(16).padStart(32, '0')}`);

    const response = await h.call('POST', '/v1/services', { as: operator, body: request(recipients) });

    expect(response.status, 'a body the schema refuses').toBe(400);
    expect(response.json.errors[0], 'the limit is named at the field').toMatchObject({
      path: 'body.recipients',
      message: 'at most 1000 recipients in one service',
    });
    expect(await h.allItems(), 'nothing was written').toEqual(before);
  });

  it('answers 413 for a document over 4 MB and writes nothing', async () => {
    const person = await seedPerson(h.store);
    const before = await h.allItems();
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 7).toString('base64');
    const response = await h.call('POST', '/v1/services', { as: operator, body: request([person.personId], big) });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ code: 'document_too_large', status: 413 });
    expect(await h.allItems()).toEqual(before);
  });

  it.each([
    ['A', 'one character, which decodes to nothing'],
    ['QUJD=', 'a group of four and a stray character'],
  ])('answers 400 for content that is not whole base64 (%s: %s) and writes nothing', async (content) => {
    const person = await seedPerson(h.store);
    const before = await h.allItems();
    const response = await h.call('POST', '/v1/services', { as: operator, body: request([person.personId], content) });
    expect(response.status, response.text).toBe(400);
    expect(response.json.errors[0].path).toBe('body.document.contentBase64');
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 404 for an unknown party and writes nothing', async () => {
    const person = await seedPerson(h.store);
    const before = await h.allItems();
    const response = await h.call('POST', '/v1/services', {
      as: operator,
      body: request([person.personId, `psn_${'f'.repeat(32)}`]),
    });
    expect(response.status).toBe(404);
    expect(await h.allItems()).toEqual(before);
  });

  it("answers 404 to a court serving a party of another court's case, and writes nothing", async () => {
    const court = await seedCourt(h.store);
    const other = await seedCourt(h.store, 'another court');
    const theirs = await seedPerson(h.store);
    await other.addCase(theirs);
    const before = await h.allItems();
    const response = await h.call('POST', '/v1/services', { as: court.as, body: request([theirs.personId]) });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 403 to parties and mediators', async () => {
    const person = await seedPerson(h.store);
    for (const role of ['party', 'mediator'] as const) {
      const response = await h.call('POST', '/v1/services', { as: [role, 'x'], body: request([person.personId]) });
      expect(response.status).toBe(403);
    }
  });

  it('answers 400 to a body with fields a client may not set', async () => {
    const person = await seedPerson(h.store);
    const response = await h.call('POST', '/v1/services', {
      as: operator,
      body: { ...request([person.personId]), status: 'served' },
    });
    expect(response.status).toBe(400);
  });
});

describe('GET /v1/services/{id} and /proof', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness({ documents: documentStore(), service: testServiceSettings() });
  });

  it("shows a court its own services only; another court's and unknown ones are not found", async () => {
    const court = await seedCourt(h.store);
    const person = await seedPerson(h.store);
    await court.addCase(person);
    const created = await h.call('POST', '/v1/services', { as: court.as, body: request([person.personId]) });
    expect(created.status, created.text).toBe(201);
    const id = created.json.serviceId;
    expect((await h.call('GET', `/v1/services/${id}`, { as: court.as })).status).toBe(200);
    const proof = await h.call('GET', `/v1/services/${id}/proof`, { as: court.as });
    expect(proof.status).toBe(200);
    expect(proof.json.chain.verification).toEqual({ intact: true, length: 1, checkpointedThrough: 0 });
    expect(proof.json.recipients[0].recipient.idMasked).toMatch(/\*{8}\d{4}$/);

    const stranger = await seedCourt(h.store, 'stranger court');
    expect((await h.call('GET', `/v1/services/${id}`, { as: stranger.as })).status).toBe(404);
    expect((await h.call('GET', '/v1/services/srv_nothing', { as: operator })).status).toBe(404);
  });

  it('refuses alternative service for a recipient that is not unserved (422)', async () => {
    const person = await seedPerson(h.store);
    const created = await h.call('POST', '/v1/services', { as: operator, body: request([person.personId]) });
    const response = await h.call('POST', `/v1/services/${created.json.serviceId}/alternative-service`, {
      as: operator,
      body: { recipientId: created.json.recipients[0].recipientId, method: 'post' },
    });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe('recipient_not_unserved');
  });
});

describe('GET /proof-key', () => {
  it('gives anyone, without a token, the public key that verifies proofs and checkpoints', async () => {
    const h = await httpHarness();
    const response = await h.call('GET', '/proof-key');

    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      keyId: h.deps.proof?.signer.keyId,
      algorithm: 'ECDSA_SHA_256',
      publicKeyPem: await h.deps.proof?.signer.publicKeyPem(),
    });
    expect(response.json.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
