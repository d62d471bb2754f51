import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/table-schema';
import { partySubjectFor } from '../../shared/domain/mediation/case-party';
import { httpHarness } from '../support/http-harness';
import {
  applicantIdNumber,
  filing,
  freshMobile,
  invitationsOf,
  joinAsRespondent,
  linkedParty,
  operator,
  registerMediator,
  registerOrganization,
  verifyByDocument,
} from '../support/mediation-api';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

describe('POST /v1/disputes', () => {
  let h: Harness;
  /** The filing's applicant, through a sign-in linked to it. */
  let applicant: ['party', string];
  beforeAll(async () => {
    h = await httpHarness();
    applicant = await linkedParty(h.deps.vault);
  });

  it('files and triages a dispute, making the filing party its applicant and inviting the respondent', async () => {
    const body = filing();
    const respondentPhone = body.parties[1]?.contact.phone ?? '';
    const response = await h.call('POST', '/v1/disputes', { as: applicant, body });
    expect(response.status).toBe(201);
    const dispute = response.json;
    expect(dispute).toMatchObject({
      status: 'triaged',
      track: 'simple',
      claim: { amountMinor: 320000, currency: 'CNY' },
      flags: { crossBorder: false, manyParties: false },
    });
    expect(dispute.mediationDeadline.lastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const view = await h.call('GET', `/v1/disputes/${dispute.id}`, { as: applicant });
    expect(view.status).toBe(200);
    // A party sees one identifier for itself (its partyId, marked `you`), and no principal ids.
    const roles = view.json.parties.map((party: { role: string; you?: boolean; subjectId?: string }) => [
      party.role,
      party.you,
      party.subjectId,
    ]);
    expect(roles).toEqual(
      expect.arrayContaining([
        ['applicant', true, undefined],
        ['respondent', false, undefined],
      ]),
    );
    // Its own ID number masked, never in the clear; no other party's, even masked; no contacts.
    expect(view.text).not.toContain('440301199001011234');
    expect(view.text).toContain('440301********1234');
    expect(view.text).not.toContain('9144**');
    expect(view.text).not.toContain('91440300');
    const asOperator = await h.call('GET', `/v1/disputes/${dispute.id}`, { as: ['operator', 'op-1'] });
    expect(asOperator.json.parties.map((party: { idMasked?: string }) => party.idMasked)).toHaveLength(2);
    expect(view.text).not.toContain(respondentPhone.slice(3));
    expect(view.json.timeline[0]).toMatchObject({ seq: 1, type: 'dispute.filed', actorRole: 'party' });

    const invitations = await invitationsOf(h, dispute.id);
    expect(invitations).toHaveLength(1);
    expect(invitations[0]?.to).toBe(respondentPhone);
  });

  it('files once when a retry follows a crash between the commit and the kept answer (Idempotency-Key)', async () => {
    const body = filing();
    const headers = { 'idempotency-key': `crash-${Date.now()}` };
    const disputesOf = async () =>
      (await h.allItems())
        .filter((item) => /^CASE#[^#]+$/.test(String(item.pk)) && item.sk === 'ROOT')
        .map((item) => String(item.pk))
        .sort();
    const before = await disputesOf();
    // The first run commits the filing, then its process dies before the answer is kept: after a
    // minute a retry may take the claim over and run again.
    const { idempotency } = h.deps;
    const complete = idempotency.complete;
    idempotency.complete = async () => {
      throw new Error('the process stopped before the answer was kept');
    };
    expect((await h.call('POST', '/v1/disputes', { as: applicant, body, headers })).status).toBe(500);
    idempotency.complete = complete;
    const filed = (await disputesOf()).filter((id) => !before.includes(id));
    expect(filed).toHaveLength(1);
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: keys.idempotency(`party:${applicant[1]}`, headers['idempotency-key']),
        UpdateExpression: 'SET claimedAt = claimedAt - :minutes',
        ExpressionAttributeValues: { ':minutes': 120 },
      }),
    );

    const retry = await h.call('POST', '/v1/disputes', { as: applicant, body, headers });

    expect(retry.status, retry.text).toBe(201);
    expect(
      (await disputesOf()).filter((id) => !before.includes(id)),
      'no second dispute',
    ).toEqual(filed);
    expect(`CASE#${retry.json.id}`).toBe(filed[0]);
    expect(await invitationsOf(h, retry.json.id), 'the respondent is invited once').toHaveLength(1);
  });

  it("never shows the keyed hashes of the parties' ID numbers: not on filing, reading or listing", async () => {
    const filed = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    const read = await h.call('GET', `/v1/disputes/${filed.json.id}`, { as: applicant });
    const listed = await h.call('GET', '/v1/disputes', { as: applicant });

    for (const [what, response] of [
      ['the filing answer', filed],
      ['the dispute view', read],
      ['the list', listed],
    ] as const) {
      expect(response.text, `${what} has no involvedHashes`).not.toContain('involvedHashes');
      const { chain: _publicChainHead, ...shown } = response.json;
      expect(JSON.stringify(shown), `${what} has no 64-hex keyed hash`).not.toMatch(/[0-9a-f]{64}/);
    }
  });

  it('keeps one person once: the same ID number in two disputes is one person', async () => {
    const first = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    const second = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    const partiesOf = async (id: string) =>
      (await h.store.listByPrefix(`CASE#${id}`, 'PARTY#')).map((entity) => entity.attributes.personHash);
    expect(await partiesOf(first.json.id)).toEqual(expect.arrayContaining(await partiesOf(second.json.id)));
  });

  it.each([
    ['an unknown category', { category: 'space_law' }, 'body.category'],
    ['a negative amount', { claim: { amount: '-5', currency: 'CNY' } }, 'body.claim.amount'],
    [
      'a party with no contact',
      {
        parties: [filing().parties[0], { ...filing().parties[1], contact: {} }],
      },
      'body.parties.1.contact',
    ],
    ['a status set by the client', { status: 'in_mediation' }, 'body'],
    ...['"zhang san"@example.com', 'Zhang San <zs@example.com>', 'zs@example.com:25'].map((email) => [
      `the email ${email}`,
      { parties: [filing().parties[0], { ...filing().parties[1], contact: { email } }] },
      'body.parties.1.contact.email',
    ]),
  ] as Array<[string, Record<string, unknown>, string]>)(
    'answers 400 for %s and changes nothing',
    async (_case, overrides, path) => {
      const before = await h.allItems();
      const response = await h.call('POST', '/v1/disputes', { as: applicant, body: filing(overrides) });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(path);
      expect(await h.allItems()).toEqual(before);
    },
  );

  it('answers 422 when a party files without naming exactly one applicant', async () => {
    const parties = filing().parties.map((party) => ({ ...party, role: 'respondent' }));
    const response = await h.call('POST', '/v1/disputes', { as: applicant, body: filing({ parties }) });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe('one_applicant');
  });

  it('answers 422 sign_in_not_linked to a party whose sign-in has not proved who it is, whoever it names, and files nothing', async () => {
    const before = await h.allItems();
    const unlinked: ['party', string] = ['party', `cognito-sub-${Date.now()}`];

    const refused = await h.call('POST', '/v1/disputes', { as: unlinked, body: filing() });

    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.code).toBe('sign_in_not_linked');
    expect(await h.allItems()).toEqual(before);
  });

  it('files for a company only by a person it names as its representative (422 applicant_is_filer otherwise, nothing filed)', async () => {
    const [applicantFiling, respondentFiling] = filing().parties as Array<Record<string, unknown>>;
    const company = {
      ...applicantFiling,
      kind: 'company',
      name: '深圳市好物贸易有限公司',
      idNumber: '91440300MA5FGHJK2L',
      representatives: [{ name: 'Zhang San', idNumber: applicantIdNumber }],
    };
    const before = await h.allItems();

    const notNamed = await h.call('POST', '/v1/disputes', {
      as: applicant,
      body: filing({ parties: [{ ...company, representatives: [] }, respondentFiling] }),
    });
    expect(notNamed.status, notNamed.text).toBe(422);
    expect(notNamed.json.code).toBe('applicant_is_filer');
    expect(await h.allItems()).toEqual(before);

    const byRepresentative = await h.call('POST', '/v1/disputes', {
      as: applicant,
      body: filing({ parties: [company, respondentFiling] }),
    });
    expect(byRepresentative.status, byRepresentative.text).toBe(201);
    const mine = await h.call('GET', `/v1/disputes/${byRepresentative.json.id}`, { as: applicant });
    expect(mine.status).toBe(200);
  });

  it('answers 400 naming the field for a resident ID number with a wrong check character or birth date, and files nothing', async () => {
    const [applicantFiling, respondentFiling] = filing().parties as Array<Record<string, unknown>>;
    const before = (await h.allItems()).length;
    for (const idNumber of ['440301199001011235', '440301199002301234']) {
      const refused = await h.call('POST', '/v1/disputes', {
        as: applicant,
        body: filing({ parties: [{ ...applicantFiling, idNumber }, respondentFiling] }),
      });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.json.errors).toEqual([
        expect.objectContaining({ path: 'body.parties.0.idNumber', message: expect.stringMatching(/resident ID/) }),
      ]);
    }
    expect((await h.allItems()).length).toBe(before);
  });

  it('answers 400 at the field for a company named by a person’s resident ID number (it could never verify, consent or be served), and files nothing', async () => {
    const [applicantFiling, respondentFiling] = filing().parties as Array<Record<string, unknown>>;
    const before = (await h.allItems()).length;
    const personsId = '440301199203035293';
    const refused = await h.call('POST', '/v1/disputes', {
      as: applicant,
      body: filing({ parties: [applicantFiling, { ...respondentFiling, name: '赵四', idNumber: personsId }] }),
    });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.errors).toEqual([
      expect.objectContaining({ path: 'body.parties.1.idNumber', message: expect.stringMatching(/choose "A person"/) }),
    ]);
    expect((await h.allItems()).length).toBe(before);
    // The same number for a person files, and so does a company with its credit code.
    for (const respondent of [
      { ...respondentFiling, kind: 'person', name: '赵四', idNumber: personsId, contact: { phone: freshMobile() } },
      { ...respondentFiling, idNumber: '91350100M000100Y43', contact: { phone: freshMobile() } },
    ]) {
      const filed = await h.call('POST', '/v1/disputes', {
        as: applicant,
        body: filing({ parties: [applicantFiling, respondent] }),
      });
      expect(filed.status, filed.text).toBe(201);
    }
  });

  it('answers 403 to a mediator or a court filing a dispute', async () => {
    expect((await h.call('POST', '/v1/disputes', { as: ['mediator', 'm'], body: filing() })).status).toBe(403);
    const court = await h.registeredCourtClient();
    expect((await h.call('POST', '/v1/disputes', { as: ['court', court], body: filing() })).status).toBe(403);
  });

  it('answers 404 to a party who is not in the dispute', async () => {
    const created = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    const stranger = await h.call('GET', `/v1/disputes/${created.json.id}`, { as: ['party', 'someone-else'] });
    expect(stranger.status).toBe(404);
  });

  it('triages a large cross-border claim as complex', async () => {
    const response = await h.call('POST', '/v1/disputes', {
      as: applicant,
      body: filing({ claim: { amount: '900000.00', currency: 'USD' } }),
    });
    expect(response.json).toMatchObject({ track: 'complex', flags: { crossBorder: true } });
  });
});

describe('joining by invitation', () => {
  let h: Harness;
  /** The filing's applicant, through a sign-in linked to it. */
  let applicant: ['party', string];
  let disputeId: string;
  let invitation: { token: string; code: string; to: string };

  beforeAll(async () => {
    h = await httpHarness();
    applicant = await linkedParty(h.deps.vault);
    const created = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    disputeId = created.json.id;
    const [first] = await invitationsOf(h, disputeId);
    if (!first) throw new Error('no invitation');
    invitation = first;
  });

  const join = (fields: Record<string, string>) =>
    h.app.request(`/join/${invitation.token}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        'accept-language': 'en',
      },
      body: new URLSearchParams(fields).toString(),
    });

  it('shows the join page with the party name and no personal data', async () => {
    const page = await h.app.request(`/join/${invitation.token}`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Shenzhen Good Goods Ltd');
    expect(text).not.toContain(invitation.to);
    expect(text).not.toContain(invitation.to.slice(3));
  });

  it('refuses a wrong code and counts the try', async () => {
    const response = await join({
      code: '000000',
      idLastDigits: '1X',
      consentBasis: 'platform_declaration',
      agree: 'yes',
      phone: '13900001111',
    });
    expect(response.status).toBe(400);
    const wrong = await join({
      code: invitation.code === '000000' ? '111111' : '000000',
      idLastDigits: 'DE1X',
      consentBasis: 'platform_declaration',
      agree: 'yes',
      phone: '13900001111',
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toMatch(/do not match/);
  });

  it('refuses consent at joining without a verified identity, changing nothing', async () => {
    const before = await h.allItems();
    const response = await join({
      code: invitation.code,
      idLastDigits: 'DE1X',
      consentBasis: 'contract_clause',
      agree: 'yes',
      phone: '139 0000 1111',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/needs a verified identity/);
    // Only the try is counted (before any answer that could tell a right code from a wrong one).
    const notAllowances = (items: Array<Record<string, unknown>>) =>
      items.filter((item) => item.sk !== keys.allowance('', '').sk);
    expect(notAllowances(await h.allItems())).toEqual(notAllowances(before));
  });

  it('refuses an email for service that is not a plain address at its field, changing nothing', async () => {
    const before = await h.allItems();
    for (const email of ['"zhang san"@example.com', 'Zhang San <zs@example.com>', 'zs..x@example.com']) {
      const response = await join({
        code: invitation.code,
        idLastDigits: 'DE1X',
        consentBasis: 'platform_declaration',
        agree: 'yes',
        email,
      });
      expect(response.status, email).toBe(400);
      expect(await response.text()).toMatch(/id="email-error">Not a valid email address</);
    }
    expect(await h.allItems()).toEqual(before);
  });

  it('lets the respondent join with the code and ID digits, then record their own consent once verified', async () => {
    const response = await join({ code: invitation.code, idLastDigits: 'DE1X' });
    expect(response.status).toBe(201);
    const page = await response.text();
    const session = /data-testid="session-token">([^<]+)</.exec(page)?.[1];
    expect(session).toBeUndefined(); // no raw token on the page: the respondent signs in to follow the case
    expect(page).toContain(`/auth/sign-in?pool=parties&amp;return=%2Fcases%2F${disputeId}`);

    const party = (await h.store.listByPrefix(`CASE#${disputeId}`, 'PARTY#'))
      .map((entity) => entity.attributes)
      .find((attributes) => attributes.role === 'respondent');
    const subjectId = partySubjectFor({ personHash: String(party?.personHash) });
    expect(party).toMatchObject({ subjectId });
    expect(party?.consent).toBeUndefined();
    expect(party?.serviceAddress).toBeUndefined();
    // A company reaches a verified identity only by an operator's document check.
    await verifyByDocument(h, disputeId, String(party?.partyId), 'company_credit_code');
    const consent = await h.call('POST', `/v1/disputes/${disputeId}/parties/${party?.partyId}/consent`, {
      as: ['party', subjectId],
      body: { basis: 'contract_clause', evidence: 'sales contract art. 12' },
    });
    expect(consent.status, consent.text).toBe(200);
    expect(consent.json.consent).toMatchObject({
      basis: 'contract_clause',
      evidence: 'sales contract art. 12',
      recordedBy: subjectId,
      assurance: { level: 'operator_document', documentKind: 'company_credit_code' },
    });
    const mine = await h.call('GET', '/v1/disputes', { as: ['party', subjectId] });
    expect(mine.json.items.map((dispute: { id: string }) => dispute.id)).toEqual([disputeId]);
  });

  it('lets a party restate its own consent, and refuses consent recorded for another party', async () => {
    const parties = (await h.store.listByPrefix(`CASE#${disputeId}`, 'PARTY#')).map((entity) => entity.attributes);
    const applicantParty = parties.find((party) => party.role === 'applicant');
    const respondentParty = parties.find((party) => party.role === 'respondent');
    await verifyByDocument(h, disputeId, String(applicantParty?.partyId), 'resident_id');
    const own = await h.call('POST', `/v1/disputes/${disputeId}/parties/${applicantParty?.partyId}/consent`, {
      as: applicant,
      body: { basis: 'platform_declaration' },
    });
    expect(own.status).toBe(200);
    expect(own.json.consent).toMatchObject({ basis: 'platform_declaration', recordedBy: applicant[1] });

    const before = await h.allItems();
    const forAnother = await h.call('POST', `/v1/disputes/${disputeId}/parties/${respondentParty?.partyId}/consent`, {
      as: applicant,
      body: { basis: 'platform_declaration' },
    });
    expect(forAnother.status).toBe(422);
    expect(forAnother.json.code).toBe('consent_is_personal');
    const byOperator = await h.call('POST', `/v1/disputes/${disputeId}/parties/${respondentParty?.partyId}/consent`, {
      as: operator,
      body: { basis: 'platform_declaration' },
    });
    expect(byOperator.status).toBe(403);
    expect(await h.allItems()).toEqual(before);
  });

  it('refuses a second use of the invitation', async () => {
    const again = await join({
      code: invitation.code,
      idLastDigits: 'DE1X',
      consentBasis: 'platform_declaration',
      agree: 'yes',
      phone: '13900001111',
    });
    expect(again.status).toBe(422);
  });
});

/**
 * A dispute filed on a fresh harness, its invitation, and the join form posted to it (in English)
 * with a code and ID digits from a client address of the test's choosing.
 */
async function invitationTriedFrom() {
  const h = await httpHarness();
  const applicant = await linkedParty(h.deps.vault);
  const created = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
  const [invitation] = await invitationsOf(h, created.json.id);
  if (!invitation) throw new Error('no invitation');
  const post = (code: string, idLastDigits: string, client: string) =>
    h.app.request(`/join/${invitation.token}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        'x-test-client-address': client,
        'accept-language': 'en',
      },
      body: new URLSearchParams({ code, idLastDigits }).toString(),
    });
  return { h, invitation, post };
}

describe('five wrong tries from one client', () => {
  it("hold up that client for 15 minutes, even with the right code, and not the link's owner elsewhere", async () => {
    const { invitation, post } = await invitationTriedFrom();
    const wrongCode = invitation.code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) expect((await post(wrongCode, '0000', '198.51.100.7')).status).toBe(422);

    const heldUp = await post(invitation.code, 'DE1X', '198.51.100.7');
    expect(heldUp.status).toBe(429);
    expect(Number(heldUp.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(Number(heldUp.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    expect(await heldUp.text()).toMatch(
      /Too many wrong tries from here; try again later\. Try again after .* Beijing time \(UTC\+8\)/,
    );

    const owner = await post(invitation.code, 'DE1X', '203.0.113.20');
    expect(owner.status).toBe(201);
  });
});

describe('parallel wrong tries', () => {
  it('are all counted before they are judged: no more than five from one client are judged', async () => {
    const { h, invitation, post: postFrom } = await invitationTriedFrom();
    const post = (code: string, client: string) => postFrom(code, 'DE1X', client);
    const wrong = Array.from({ length: 30 }, (_, i) =>
      String((Number(invitation.code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const statuses = (await Promise.all(wrong.map((code) => post(code, '198.51.100.9')))).map(
      (response) => response.status,
    );
    expect(
      statuses.filter((status) => status !== 422 && status !== 409 && status !== 429),
      'every wrong guess is refused (422), lost a race (409) or held up (429)',
    ).toEqual([]);
    // Every answer but a 429 passed the allowance: a 422, or a 409 when the invitation lost its race
    // more often than the join retries. An allowance that keeps losing its race answers 429 too.
    expect(
      statuses.filter((status) => status !== 429).length,
      `judged guesses in ${statuses.join(' ')}`,
    ).toBeLessThanOrEqual(5);
    const stored = (await h.allItems()).find((item) => String(item.pk).startsWith('INVITE#'));
    expect(stored?.failedAttempts).toBeLessThanOrEqual(5);
    expect((await post(invitation.code, '198.51.100.9')).status).toBe(429); // held up, even for the right code
    expect((await post(invitation.code, '203.0.113.20')).status).toBe(201); // the owner, elsewhere
  });
});

describe('recommendations and picks', () => {
  let h: Harness;
  /** The filing's applicant, through a sign-in linked to it. */
  let applicant: ['party', string];
  let disputeId: string;
  let respondentSubject: string;
  const mediators: Array<{ id: string; subjectId: string }> = [];

  beforeAll(async () => {
    h = await httpHarness();
    applicant = await linkedParty(h.deps.vault);
    const organizationId = await registerOrganization(h);
    mediators.push(await registerMediator(h, organizationId));
    mediators.push(await registerMediator(h, organizationId, { specialties: ['online_shopping_contract', 'labour'] }));
    // Conflicted: must never be recommended, however good.
    mediators.push(await registerMediator(h, organizationId, { conflictIdNumbers: ['91440300MA5ABCDE1X'] }));
    // Wrong specialty.
    mediators.push(await registerMediator(h, organizationId, { specialties: ['family'] }));
    const created = await h.call('POST', '/v1/disputes', { as: applicant, body: filing() });
    disputeId = created.json.id;
    const [invitation] = await invitationsOf(h, disputeId);
    await joinAsRespondent(h.app, invitation);
    const respondent = (await h.store.listByPrefix(`CASE#${disputeId}`, 'PARTY#')).find(
      (entity) => entity.attributes.role === 'respondent',
    );
    respondentSubject = String(respondent?.attributes.subjectId);
  });

  it('ranks only eligible mediators, each with a reason per factor', async () => {
    const response = await h.call('GET', `/v1/disputes/${disputeId}/recommendations`, { as: applicant });
    expect(response.status).toBe(200);
    const ids = response.json.candidates.map((candidate: { mediatorId: string }) => candidate.mediatorId);
    expect(ids.sort()).toEqual([mediators[0]?.id, mediators[1]?.id].sort());
    for (const candidate of response.json.candidates) {
      const sum = candidate.factors.reduce(
        (total: number, factor: { contribution: number }) => total + factor.contribution,
        0,
      );
      expect(sum).toBeCloseTo(candidate.score, 6);
      expect(candidate.factors.every((factor: { explanation: string }) => factor.explanation.length > 0)).toBe(true);
    }
  });

  it('answers 404 to a mediator asking for the ranking', async () => {
    const response = await h.call('GET', `/v1/disputes/${disputeId}/recommendations`, { as: ['mediator', 'x'] });
    expect(response.status).toBe(403);
  });

  it('records each party’s picks for that party only', async () => {
    const picked = await h.call('POST', `/v1/disputes/${disputeId}/picks`, {
      as: applicant,
      body: { mediatorIds: [mediators[1]?.id] },
    });
    expect(picked.status).toBe(200);
    const parties = Object.keys(picked.json.picks);
    expect(parties).toHaveLength(1);
    const stranger = await h.call('POST', `/v1/disputes/${disputeId}/picks`, {
      as: ['party', 'not-a-party'],
      body: { mediatorIds: [mediators[0]?.id] },
    });
    expect(stranger.status).toBe(404);
    const respondent = await h.call('POST', `/v1/disputes/${disputeId}/picks`, {
      as: ['party', respondentSubject],
      body: { mediatorIds: [mediators[1]?.id, mediators[0]?.id] },
    });
    expect(respondent.status).toBe(200);
    expect(Object.keys(respondent.json.picks)).toHaveLength(2);
  });

  it('refuses picks of a mediator who is not on the roster', async () => {
    const response = await h.call('POST', `/v1/disputes/${disputeId}/picks`, {
      as: applicant,
      body: { mediatorIds: ['med_nobody'] },
    });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe('unknown_mediator');
  });
});
