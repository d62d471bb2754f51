import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicPersonId } from '../../shared/domain/identity/person-id';
import { designationBy } from '../support/designation-evidence';
import { httpHarness } from '../support/http-harness';
import { filing, invitationsOf, joinAsRespondent, linkedParty, operator, partyOf } from '../support/mediation-api';
import { documentStore } from '../support/service-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

const scan = createHash('sha256').update('business licence scan').digest('hex');
const check = { documentKind: 'company_credit_code', documentId: 'scan-2026-000123', documentSha256: scan };

/**
 * An operator's check of a party's identity document (DESIGN.md, Identity assurance): who may
 * record one, what a check must say, and what it changes: a company (which no carrier can match to
 * a mobile) may then consent to electronic service and have addresses designated, at the level
 * `operator_document`, which its consent and the dispute's chain keep.
 */
describe('POST /v1/disputes/{id}/parties/{partyId}/identity-checks', () => {
  let h: Harness;
  /** The filing's applicant, through a sign-in linked to it. */
  let applicant: ['party', string];
  let disputeId: string;
  let respondent: Awaited<ReturnType<typeof partyOf>>;
  const path = () => `/v1/disputes/${disputeId}/parties/${respondent.partyId}/identity-checks`;

  beforeAll(async () => {
    h = await httpHarness({ documents: documentStore(), uploads: documentStore() });
    applicant = await linkedParty(h.deps.vault);
    const filed = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    disputeId = filed.json.id;
    respondent = await partyOf(h, disputeId, 'respondent');
  });

  it('refuses a party that has not joined yet (422 party_not_joined), writing nothing', async () => {
    const before = await h.allItems();

    const response = await h.call('POST', path(), { as: operator, body: check });

    expect(response.status).toBe(422);
    expect(response.json.code).toBe('party_not_joined');
    expect(await h.allItems()).toEqual(before);
  });

  it('answers 401 without a token and 403 to every role but operator, writing nothing', async () => {
    const [invitation] = await invitationsOf(h, disputeId);
    expect((await joinAsRespondent(h.app, invitation)).status).toBe(201);
    respondent = await partyOf(h, disputeId, 'respondent');
    const courtClient = await h.registeredCourtClient();
    const before = await h.allItems();

    expect((await h.call('POST', path(), { body: check })).status).toBe(401);
    for (const as of [
      applicant,
      ['party', String(respondent.subjectId)],
      ['mediator', 'med-1'],
      ['court', courtClient],
    ] as const) {
      const response = await h.call('POST', path(), { as: [...as], body: check });
      expect(response.status, `${as[0]}`).toBe(403);
    }

    expect(await h.allItems()).toEqual(before);
  });

  it('refuses a body that breaks the schema (400, naming the field), writing nothing', async () => {
    const before = await h.allItems();

    for (const [body, field] of [
      [{ ...check, documentSha256: 'abc' }, 'body.documentSha256'],
      [{ ...check, documentKind: 'driving_licence' }, 'body.documentKind'],
      [{ ...check, documentId: 'has spaces and 中文' }, 'body.documentId'],
      [{ ...check, level: 'carrier_3f' }, 'body'],
      [{ documentKind: 'company_credit_code' }, 'body.documentId'],
    ] as const) {
      const response = await h.call('POST', path(), { as: operator, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(field);
    }

    expect(await h.allItems()).toEqual(before);
  });

  it('answers 404 for a party or dispute that does not exist', async () => {
    const unknownParty = await h.call('POST', `/v1/disputes/${disputeId}/parties/pty_nobody/identity-checks`, {
      as: operator,
      body: check,
    });
    const unknownDispute = await h.call(
      'POST',
      `/v1/disputes/dsp_nothing/parties/${respondent.partyId}/identity-checks`,
      { as: operator, body: check },
    );

    expect(unknownParty.status).toBe(404);
    expect(unknownDispute.status).toBe(404);
  });

  it('refuses a document of another kind than the party’s ID (422 document_kind_mismatch)', async () => {
    const before = await h.allItems();

    const response = await h.call('POST', path(), { as: operator, body: { ...check, documentKind: 'passport' } });

    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({
      code: 'document_kind_mismatch',
      details: { expectedKind: 'company_credit_code' },
    });
    expect(await h.allItems()).toEqual(before);
  });

  it('lifts the party to operator_document: its consent and designated addresses are then accepted', async () => {
    const personId = publicPersonId(respondent.personHash);
    const asRespondent: ['party', string] = ['party', String(respondent.subjectId)];
    const consent = () =>
      h.call('POST', `/v1/disputes/${disputeId}/parties/${respondent.partyId}/consent`, {
        as: asRespondent,
        body: { basis: 'platform_declaration' },
      });
    const evidence = await designationBy(h, operator);
    const designate = () =>
      h.call('POST', `/v1/parties/${personId}/addresses`, {
        as: operator,
        body: {
          addresses: [
            {
              channel: 'email',
              value: 'legal@goodgoods.example',
              source: 'recipient_designated',
              observedAt: new Date().toISOString(),
              evidence,
              reference: 'designation letter 2026-17',
            },
          ],
        },
      });

    // Before: a company's consent and designation are refused, and nothing is written.
    const before = await h.allItems();
    const refusedConsent = await consent();
    const refusedDesignation = await designate();
    expect(refusedConsent.status).toBe(422);
    expect(refusedConsent.json).toMatchObject({ code: 'identity_not_verified', details: { assuranceLevel: 'none' } });
    expect(refusedDesignation.status).toBe(422);
    expect(refusedDesignation.json.code).toBe('identity_not_verified');
    expect(await h.allItems()).toEqual(before);

    // The operator's check.
    const recorded = await h.call('POST', path(), { as: operator, body: check });
    expect(recorded.status, recorded.text).toBe(201);
    expect(recorded.json).toEqual({
      partyId: respondent.partyId,
      identityAssurance: {
        level: 'operator_document',
        checkedAt: expect.any(String),
        documentKind: 'company_credit_code',
        documentId: 'scan-2026-000123',
        documentSha256: scan,
        checkedBy: operator[1],
      },
    });
    const chain = await h.store.readChain(`CASE#${disputeId}`);
    const checked = chain.events.filter((event) => event.type === 'party.identity_document_checked');
    expect(checked).toHaveLength(1);
    expect(checked[0]).toMatchObject({
      actor: { role: 'operator', subjectId: operator[1] },
      data: { partyId: respondent.partyId, identityAssurance: recorded.json.identityAssurance },
    });
    expect(JSON.stringify(checked[0]?.data)).not.toContain('91440300MA5ABCDE1X');

    // After: the consent carries the level, in the party and in the chained event; the designation is taken.
    const accepted = await consent();
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json.consent.assurance).toEqual(recorded.json.identityAssurance);
    const events = (await h.store.readChain(`CASE#${disputeId}`)).events;
    expect(events.at(-1)).toMatchObject({
      type: 'party.consent_recorded',
      data: {
        partyId: respondent.partyId,
        identityAssurance: { level: 'operator_document', documentId: check.documentId },
      },
    });
    const designated = await designate();
    expect(designated.status, designated.text).toBe(200);
    expect(designated.json).toMatchObject({ added: 1 });
  });
});
