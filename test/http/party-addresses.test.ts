import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicPersonId } from '../../shared/domain/identity/person-id';
import { designationEvidenceKey } from '../../shared/use-cases/service/party-addresses';
import { designationBy } from '../support/designation-evidence';
import { httpHarness } from '../support/http-harness';
import { filing } from '../support/mediation-api';
import { residentIdNumber } from '../support/people-fixtures';
import { documentStore, seedCourt, seedPerson, testServiceSettings } from '../support/service-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

const operator: ['operator', string] = ['operator', 'op-addresses'];
const now = () => new Date().toISOString();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('POST /v1/parties/{id}/addresses', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness({ documents: documentStore(), uploads: documentStore(), service: testServiceSettings() });
  });

  const post = (personId: string, addresses: unknown[], as: [string, string] = operator) =>
    h.call('POST', `/v1/parties/${personId}/addresses`, { as: as as ['operator', string], body: { addresses } });

  it('normalizes CN mobiles to E.164 and emails to a lower-cased ASCII domain, merging duplicates', async () => {
    const person = await seedPerson(h.store);
    const response = await post(person.personId, [
      { channel: 'sms', value: '139 1234 5678', source: 'registration_record', observedAt: daysAgo(30) },
      {
        channel: 'sms',
        value: '+86-139-1234-5678',
        source: 'recipient_designated',
        observedAt: now(),
        evidence: await designationBy(h, operator),
      },
      { channel: 'sms', value: '0086 13912345678', source: 'other_party_provided', observedAt: now() },
      { channel: 'email', value: 'Zhang.San@Example.COM', source: 'civil_activity_record', observedAt: now() },
      { channel: 'email', value: 'zhang@例子.中国', source: 'other_party_provided', observedAt: now() },
    ]);
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ received: 5, added: 3, merged: 2, total: 3 });

    const plan = await h.call('GET', `/v1/parties/${person.personId}/addresses`, { as: operator });
    expect(plan.status).toBe(200);
    const sms = plan.json.plan.find((entry: { channel: string }) => entry.channel === 'sms');
    expect(sms.sources.sort()).toEqual(['other_party_provided', 'recipient_designated', 'registration_record']);
    // Operators see values masked; the court of the case sees them in full (below).
    expect(sms.value).toBe('+86139****5678');
    const emails = plan.json.plan.filter((entry: { channel: string }) => entry.channel === 'email');
    expect(emails).toHaveLength(2);
  });

  it('rejects the whole batch when any item is invalid, naming each bad item by index, and writes nothing', async () => {
    const person = await seedPerson(h.store);
    const before = await h.allItems();
    const response = await post(person.personId, [
      { channel: 'sms', value: '13912345678', source: 'registration_record', observedAt: now() },
      { channel: 'sms', value: '12345', source: 'registration_record', observedAt: now() },
      { channel: 'sms', value: '010-62345678', source: 'court_record', observedAt: now() },
      { channel: 'email', value: 'not-an-email', source: 'other_party_provided', observedAt: now() },
      { channel: 'email', value: 'a@b@c.cn', source: 'other_party_provided', observedAt: now() },
      { channel: 'sms', value: '11012345678', source: 'other_party_provided', observedAt: now() },
    ]);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json.code).toBe('invalid_addresses');
    expect(response.json.errors.map((error: { path: string }) => error.path)).toEqual([
      'body.addresses.1.value',
      'body.addresses.2.value',
      'body.addresses.3.value',
      'body.addresses.4.value',
      'body.addresses.5.value',
    ]);
    expect(response.json.errors[1].message).toContain('not_mobile');
    expect(await h.allItems()).toEqual(before);
  });

  it('rejects an unknown source or channel through the schema with the item index', async () => {
    const person = await seedPerson(h.store);
    const response = await post(person.personId, [
      { channel: 'sms', value: '13912345678', source: 'rumour', observedAt: now() },
    ]);
    expect(response.status).toBe(400);
    expect(response.json.errors[0].path).toBe('body.addresses.0.source');
  });

  it('accepts thousands of candidates in one request', async () => {
    const person = await seedPerson(h.store);
    const addresses = Array.from({ length: 2000 }, (_, index) => ({
      channel: 'sms',
      value: `+86139${String(index % 400).padStart(8, '0')}`,
      source: index % 2 === 0 ? 'registration_record' : 'civil_activity_record',
      observedAt: daysAgo(index % 90),
    }));
    const response = await post(person.personId, addresses);
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ received: 2000, added: 400, total: 400 });
  });

  it('answers 404 for an unknown party and 403 for a role that may never add addresses', async () => {
    const unknown = await post(`psn_${'0'.repeat(32)}`, [
      { channel: 'sms', value: '13912345678', source: 'court_record', observedAt: now() },
    ]);
    expect(unknown.status).toBe(404);
    const person = await seedPerson(h.store);
    const asParty = await post(
      person.personId,
      [{ channel: 'sms', value: '13912345678', source: 'court_record', observedAt: now() }],
      ['party', 'someone'],
    );
    expect(asParty.status).toBe(403);
  });

  it("lets a court add and see addresses of its own cases' parties only", async () => {
    const court = await seedCourt(h.store);
    const ours = await seedPerson(h.store);
    const theirs = await seedPerson(h.store);
    await court.addCase(ours);
    const added = await post(
      ours.personId,
      [{ channel: 'sms', value: '13912340000', source: 'court_record', observedAt: now() }],
      court.as,
    );
    expect(added.status).toBe(200);
    const seen = await h.call('GET', `/v1/parties/${ours.personId}/addresses`, { as: court.as });
    expect(seen.json.plan[0].value).toBe('+8613912340000');

    const before = await h.allItems();
    const hidden = await post(
      theirs.personId,
      [{ channel: 'sms', value: '13912340000', source: 'court_record', observedAt: now() }],
      court.as,
    );
    expect(hidden.status).toBe(404);
    expect((await h.call('GET', `/v1/parties/${theirs.personId}/addresses`, { as: court.as })).status).toBe(404);
    expect(await h.allItems()).toEqual(before);
  });
});

describe('a dispute filed with a court', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness({ documents: documentStore(), uploads: documentStore(), service: testServiceSettings() });
  });

  it('makes its parties known by public id and visible to that court only', async () => {
    const court = await seedCourt(h.store);
    const stranger = await seedCourt(h.store, 'stranger court');
    const idNumber = residentIdNumber('19900101');
    const body = filing({ courtId: court.courtId });
    (body.parties as Array<Record<string, unknown>>)[0] = {
      ...(body.parties as Array<Record<string, unknown>>)[0],
      idNumber,
    };
    const filed = await h.call('POST', '/v1/disputes', { as: operator, body });
    expect(filed.status, filed.text).toBe(201);
    const personId = publicPersonId(await h.deps.vault.lookupHash(idNumber));

    const entry = { channel: 'sms', value: '13912345000', source: 'court_record', observedAt: now() };
    const added = await h.call('POST', `/v1/parties/${personId}/addresses`, {
      as: court.as,
      body: { addresses: [entry] },
    });
    expect(added.status, added.text).toBe(200);
    const hidden = await h.call('GET', `/v1/parties/${personId}/addresses`, { as: stranger.as });
    expect(hidden.status).toBe(404);
  });
});

describe('GET /v1/parties/{id}/addresses', () => {
  let h: Harness;
  /** Uploads read back by the platform (to check a designation document). */
  let uploadReads = 0;
  beforeAll(async () => {
    const uploads = documentStore();
    h = await httpHarness({
      documents: documentStore(),
      uploads: {
        presignPut: (key, options) => uploads.presignPut(key, options),
        read: (key, maxBytes) => {
          uploadReads += 1;
          return uploads.read(key, maxBytes);
        },
      },
      service: testServiceSettings(),
    });
  });

  it('ranks with reasons for every score and lists exclusions with why', async () => {
    const person = await seedPerson(h.store);
    const response = await h.call('POST', `/v1/parties/${person.personId}/addresses`, {
      as: operator,
      body: {
        addresses: [
          { channel: 'sms', value: '13900000001', source: 'other_party_provided', observedAt: daysAgo(400) },
          {
            channel: 'sms',
            value: '13900000002',
            source: 'recipient_designated',
            observedAt: now(),
            evidence: await designationBy(h, operator),
          },
          { channel: 'email', value: 'li@example.cn', source: 'registration_record', observedAt: daysAgo(10) },
          {
            channel: 'postal',
            value: '广东省深圳市福田区福华一路 1 号',
            source: 'registration_record',
            observedAt: now(),
          },
        ],
      },
    });
    expect(response.status).toBe(200);
    const plan = await h.call('GET', `/v1/parties/${person.personId}/addresses`, { as: operator });
    expect(plan.json.consent).toMatchObject({ basis: 'platform_declaration' });
    const order = plan.json.plan.map((entry: { sources: string[] }) => entry.sources[0]);
    expect(order[0]).toBe('recipient_designated');
    expect(order.at(-1)).toBe('other_party_provided');
    expect(plan.json.plan[0]).toMatchObject({ completesAtDelivery: true });
    for (const entry of plan.json.plan) {
      expect(entry.factors.map((factor: { name: string }) => factor.name).sort()).toEqual(
        ['channel_speed', 'completes_at_delivery', 'outcome_record', 'recency', 'source_reliability'].sort(),
      );
      for (const factor of entry.factors) expect(factor.explanation).toBeTruthy();
    }
    expect(plan.json.excluded).toEqual([
      expect.objectContaining({ channel: 'postal', reasons: [expect.objectContaining({ code: 'not_electronic' })] }),
    ]);
  });

  it('refuses a designated address an operator or a court adds without the designation document, writing nothing', async () => {
    const post = (personId: string, addresses: unknown[], as: [string, string] = operator) =>
      h.call('POST', `/v1/parties/${personId}/addresses`, { as: as as ['operator', string], body: { addresses } });
    const court = await seedCourt(h.store);
    const person = await seedPerson(h.store);
    await court.addCase(person);
    const before = await h.store.get({ pk: `PERSON#${person.personHash}`, sk: 'ADDRESS_BOOK' });
    for (const as of [operator, court.as]) {
      const refused = await post(
        person.personId,
        [
          { channel: 'sms', value: '13900000004', source: 'other_party_provided', observedAt: now() },
          { channel: 'sms', value: '13900000005', source: 'recipient_designated', observedAt: now() },
        ],
        as,
      );
      expect(refused.status, refused.text).toBe(422);
      expect(refused.json.code).toBe('designation_needs_evidence');
    }
    expect(await h.store.get({ pk: `PERSON#${person.personHash}`, sk: 'ADDRESS_BOOK' })).toEqual(before);
    const badHash = await post(person.personId, [
      {
        channel: 'sms',
        value: '13900000005',
        source: 'recipient_designated',
        observedAt: now(),
        evidence: { documentId: 'scan-1', sha256: 'not-a-hash' },
      },
    ]);
    expect(badHash.status).toBe(400);
    const accepted = await post(person.personId, [
      {
        channel: 'sms',
        value: '13900000005',
        source: 'recipient_designated',
        observedAt: now(),
        evidence: await designationBy(h, operator),
      },
    ]);
    expect(accepted.status, accepted.text).toBe(200);
  });

  it('refuses designation evidence that is not an upload of the caller’s hashing to its SHA-256, writing nothing', async () => {
    const court = await seedCourt(h.store);
    const otherCourt = await seedCourt(h.store, 'another court');
    const person = await seedPerson(h.store);
    await court.addCase(person);
    const designate = (evidence: unknown, as: [string, string]) =>
      h.call('POST', `/v1/parties/${person.personId}/addresses`, {
        as: as as ['court', string],
        body: {
          addresses: [
            { channel: 'sms', value: '13900000006', source: 'other_party_provided', observedAt: now() },
            { channel: 'sms', value: '13900000007', source: 'recipient_designated', observedAt: now(), evidence },
          ],
        },
      });
    const ours = await designationBy(h, court.as);
    const before = await h.allItems();

    const madeUp = await designate({ documentId: 'doc_AAAAAAAAAAAAAAAAAAAAAA', sha256: ours.sha256 }, court.as);
    const wrongHash = await designate({ ...ours, sha256: 'f'.repeat(64) }, court.as);
    const anotherCourts = await designate(await designationBy(h, otherCourt.as), court.as);
    const anOperators = await designate(await designationBy(h, operator), court.as);
    const aCourtsForAnOperator = await designate(ours, operator);

    expect(madeUp.status, madeUp.text).toBe(422);
    expect(madeUp.json).toMatchObject({ code: 'document_missing', details: { index: 1 } });
    expect(wrongHash.status, wrongHash.text).toBe(422);
    expect(wrongHash.json).toMatchObject({ code: 'document_hash_mismatch', details: { index: 1 } });
    for (const notTheirs of [anotherCourts, anOperators, aCourtsForAnOperator]) {
      expect(notTheirs.status, notTheirs.text).toBe(422);
      expect(notTheirs.json.code).toBe('document_missing');
    }
    expect(await h.allItems()).toEqual(before);

    const accepted = await designate(ours, court.as);
    expect(accepted.status, accepted.text).toBe(200);
    // The platform keeps its own copy: the upload is a draft that expires.
    const kept = await documentStore().get(designationEvidenceKey(person.personHash, ours.sha256));
    expect(
      createHash('sha256')
        .update(kept?.content ?? new Uint8Array())
        .digest('hex'),
    ).toBe(ours.sha256);
  });

  it('reads a designation document once for all the addresses it designates', async () => {
    const person = await seedPerson(h.store);
    const evidence = await designationBy(h, operator);
    const readsBefore = uploadReads;

    const response = await h.call('POST', `/v1/parties/${person.personId}/addresses`, {
      as: operator,
      body: {
        addresses: [
          { channel: 'sms', value: '13900000008', source: 'recipient_designated', observedAt: now(), evidence },
          { channel: 'email', value: 'wang@example.cn', source: 'recipient_designated', observedAt: now(), evidence },
        ],
      },
    });

    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ added: 2 });
    expect(uploadReads - readsBefore).toBe(1);
  });

  it('excludes every address, with the reason, when the person has not consented', async () => {
    const person = await seedPerson(h.store, { consent: null });
    await h.call('POST', `/v1/parties/${person.personId}/addresses`, {
      as: operator,
      body: {
        addresses: [
          {
            channel: 'sms',
            value: '13900000003',
            source: 'recipient_designated',
            observedAt: now(),
            evidence: await designationBy(h, operator),
          },
        ],
      },
    });
    const plan = await h.call('GET', `/v1/parties/${person.personId}/addresses`, { as: operator });
    expect(plan.json.consent).toBeNull();
    expect(plan.json.plan).toEqual([]);
    expect(plan.json.excluded[0].reasons.map((reason: { code: string }) => reason.code)).toContain('no_consent');
  });
});
