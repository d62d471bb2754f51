import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';
import { filing, linkedParty, partyOf, personParty, verifyByDocument } from '../support/mediation-api';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** `GET, POST /v1/me/addresses`: a signed-in party's own addresses for service (issue 12, item 1). */
describe('/v1/me/addresses', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness();
  });

  it('designates the party’s own addresses only behind its verified identity, and shows them to it in full', async () => {
    const filer = await linkedParty(h.deps.vault);
    const filed = await h.call('POST', '/v1/disputes', { as: filer, body: filing() });
    expect(filed.status, filed.text).toBe(201);
    const disputeId = filed.json.id as string;
    const mine = {
      addresses: [
        { channel: 'sms', value: '139 0000 7777' },
        { channel: 'email', value: 'Me@Example.CN' },
      ],
    };

    const before = await h.call('GET', '/v1/me/addresses', { as: filer });
    expect(before.status, before.text).toBe(200);
    expect(before.json).toMatchObject({ identityVerified: false, consent: null });
    const refused = await h.call('POST', '/v1/me/addresses', { as: filer, body: mine });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.code).toBe('identity_not_verified');
    expect((await h.call('GET', '/v1/me/addresses', { as: filer })).json).toEqual(before.json);

    const { partyId } = await partyOf(h, disputeId, 'applicant');
    await verifyByDocument(h, disputeId, partyId, 'resident_id');
    const invalid = await h.call('POST', '/v1/me/addresses', {
      as: filer,
      body: { addresses: [{ channel: 'sms', value: '010 1234 5678' }] },
    });
    expect(invalid.status, invalid.text).toBe(400);
    expect(invalid.json.errors[0].path).toBe('body.addresses.0.value');
    const added = await h.call('POST', '/v1/me/addresses', { as: filer, body: mine });
    expect(added.status, added.text).toBe(200);
    expect(added.json.identityVerified).toBe(true);
    expect(added.json.addresses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'sms', value: '+8613900007777', sources: ['recipient_designated'] }),
        expect.objectContaining({ channel: 'email', value: 'Me@example.cn', sources: ['recipient_designated'] }),
      ]),
    );
  });

  it('takes a sign-in linked at carrier_3f as verified, as the My addresses page does, and records the consent', async () => {
    // Prepare: the applicant's sign-in linked to its person at a carrier match (sign-in-links.ts).
    const sub = `linked-${Date.now()}`;
    const applicant = { name: 'Wang Wu', idNumber: '440301198505051235', phone: '13812340000' };
    const personHash = await h.deps.vault.lookupHash(applicant.idNumber);
    const at = new Date().toISOString();
    await h.store.commit({
      chainId: `person-${personHash.slice(0, 40)}`,
      writes: h.store.people.signInLinkWrites(sub, {
        personHash,
        assurance: { level: 'carrier_3f', checkedAt: at },
        linkedAt: at,
      }),
      event: {
        type: 'SignInLinked',
        actor: { role: 'party', subjectId: `person:${personHash}` },
        data: { level: 'carrier_3f' },
      },
    });
    const party: ['party', string] = ['party', sub];
    const body = filing();
    const filed = await h.call('POST', '/v1/disputes', {
      as: party,
      body: { ...body, parties: [personParty('applicant', applicant), body.parties[1]] },
    });
    expect(filed.status, filed.text).toBe(201);

    // Act
    const before = await h.call('GET', '/v1/me/addresses', { as: party });
    const added = await h.call('POST', '/v1/me/addresses', {
      as: party,
      body: { addresses: [{ channel: 'sms', value: '139 0000 8888' }], consent: true },
    });

    // Assess
    expect(before.status, before.text).toBe(200);
    expect(before.json.identityVerified).toBe(true);
    expect(added.status, added.text).toBe(200);
    expect(added.json.consent).toMatchObject({ basis: 'platform_declaration' });
    expect(added.json.addresses).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: '+8613900008888', sources: ['recipient_designated'] })]),
    );
  });

  it('is 404 for a party of no dispute and 403 for other roles', async () => {
    expect((await h.call('GET', '/v1/me/addresses', { as: ['party', 'nobody-yet'] })).status).toBe(404);
    expect((await h.call('GET', '/v1/me/addresses', { as: ['operator', 'op-1'] })).status).toBe(403);
    expect(
      (
        await h.call('POST', '/v1/me/addresses', {
          as: ['mediator', 'm-1'],
          body: { addresses: [{ channel: 'sms', value: '13900001111' }] },
        })
      ).status,
    ).toBe(403);
  });
});
