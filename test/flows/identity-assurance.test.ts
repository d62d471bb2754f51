import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityProviderEmulator, startIdentityProvider } from '../../infra/local/identity-provider';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import { publicPersonId } from '../../shared/domain/identity/person-id';
import { maskAddress } from '../../shared/domain/masking';
import { eventually } from '../support/eventually';
import {
  acceptAndConfirm,
  assignAndAccept,
  filing,
  filingAgainstPerson,
  joinAsRespondent,
  linkedParty,
  operator,
  partyOf,
  receivedInvitation,
  registerMediator,
  registerOrganization,
  registerCourt as registerSharedCourt,
  settleSignAndApply,
} from '../support/mediation-api';
import { addAddresses, addressesBody } from '../support/portal-fixtures';
import { pdf, type ServiceHarness, startServiceHarness } from '../support/service-harness';

/** A CN mobile number no other test uses (137 + 8 digits). */
const mobile = () => `+86137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** The filing's applicant, Zhang San, as the carrier registers him. */
const applicantIdentity = { idNumber: '440301199001011234', name: 'Zhang San', mobile: '+8613812345678' };

/**
 * Identity assurance before consent or designation (issue 10, item 2), on the embedded stack with
 * the identity provider emulator answering the HTTPS adapter: an applicant who types its own phone
 * as the respondent's cannot consent or designate in the respondent's name, and the ruling served
 * on the respondent does not complete at delivery there; a respondent whom the carrier matches
 * joins and consents, and the level shows in the proof of service.
 */
describe('identity assurance before consent or designation', () => {
  let h: ServiceHarness;
  let provider: IdentityProviderEmulator;

  beforeAll(async () => {
    provider = await startIdentityProvider({ identities: [applicantIdentity] });
    h = await startServiceHarness({
      identityVerifier: new HttpsIdentityVerifier({ settings: async () => provider.settings }),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await provider?.stop();
  });

  /**
   * What a join, a consent or a designation could change: the dispute's parties and members, the
   * party events of its chain, the people's records and books, the invitations. (The dispute's own
   * item and its other events move on with the outbox relay meanwhile.)
   */
  async function identityState(disputeId: string) {
    const items = (await h.allItems()).filter(
      (item) =>
        ['PERSON#', 'INVITE#'].some((prefix) => String(item.pk).startsWith(prefix)) ||
        (item.pk === `CASE#${disputeId}` && /^(PARTY#|MEMBER#)/.test(String(item.sk))),
    );
    const partyEvents = (await h.store.readChain(`CASE#${disputeId}`)).events.filter((event) =>
      event.type.startsWith('party.'),
    );
    return { items, partyEvents };
  }

  const registerCourt = () => registerSharedCourt(h as never);

  /** A dispute filed on the court's invitation against a person respondent with `contact`. */
  async function fileAgainst(
    courtId: string,
    applicant: ['party', string],
    respondent: { name: string; idNumber: string; phone: string },
  ) {
    const filed = await h.call('POST', '/v1/disputes', {
      as: applicant,
      body: filingAgainstPerson(respondent, { courtId }),
    });
    expect(filed.status, filed.text).toBe(201);
    const disputeId = filed.json.id as string;
    // The relay sends the invitation and the stored copy is masked once sent: read the SMS.
    const invitation = await receivedInvitation(h.gateway, disputeId);
    await contactsInBook(disputeId);
    return { disputeId, invitation };
  }

  /** The contacts given at filing reach the books through the outbox: settled before a test compares states. */
  async function contactsInBook(disputeId: string) {
    const { personHash } = await partyOf(h as never, disputeId, 'respondent');
    await eventually(
      'the filing contacts are in the respondent’s book',
      async () => {
        expect(await h.store.get({ pk: `PERSON#${personHash}`, sk: 'ADDRESS_BOOK' })).toBeDefined();
      },
      { timeout: 40_000 },
    );
  }

  it('an applicant who gives its own phone as the respondent’s cannot consent or designate for the respondent, and the ruling is not served at that phone', async () => {
    const { courtId, as: court } = await registerCourt();
    const applicant = await linkedParty(h.httpDeps.vault);
    // The real Wang Wu is registered with the carrier at his own number; the applicant types its own.
    provider.register({ idNumber: '440309198512120017', name: '王五', mobile: mobile() });
    const { disputeId, invitation } = await fileAgainst(courtId, applicant, {
      name: '王五',
      idNumber: '440309198512120017',
      phone: '13812345678',
    });
    expect(invitation.to).toBe(applicantIdentity.mobile);
    const checksBefore = provider.checks().length;

    // The applicant, holding the code and knowing the ID digits, tries to join as the respondent with
    // consent and its own phone: the carrier says that phone is not Wang Wu's, and nothing changes.
    const before = await identityState(disputeId);
    const refused = await joinAsRespondent(h.app, invitation, { phone: '13812345678' }, '0017');
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/needs a verified identity/);
    expect(await identityState(disputeId)).toEqual(before);
    expect(provider.checks().slice(checksBefore)).toEqual([{ result: 'no_match', status: 200 }]);

    // Joining without consent is possible (the code proves possession of the phone, not identity) …
    expect((await joinAsRespondent(h.app, invitation, undefined, '0017')).status).toBe(201);
    const respondent = await partyOf(h as never, disputeId, 'respondent');
    const respondentAs: ['party', string] = ['party', String(respondent.subjectId)];
    const party = (await h.store.get({ pk: `CASE#${disputeId}`, sk: `PARTY#${respondent.partyId}` }))?.attributes;
    expect(party?.consent).toBeUndefined();
    expect(party?.serviceAddress).toBeUndefined();
    const person = (await h.store.get({ pk: `PERSON#${respondent.personHash}`, sk: 'ROOT' }))?.attributes;
    expect(person?.serviceConsent).toBeUndefined();
    const joinedEvent = (await h.store.readChain(`CASE#${disputeId}`)).events.find(
      (event) => event.type === 'party.joined',
    );
    expect(joinedEvent?.data).toMatchObject({ identityAssurance: { level: 'none' }, channels: [] });

    // … but consent afterwards is refused too, and no one may designate that phone as the respondent's.
    const respondentPersonId = publicPersonId(respondent.personHash);
    const beforeConsent = await identityState(disputeId);
    const consent = await h.call('POST', `/v1/disputes/${disputeId}/parties/${respondent.partyId}/consent`, {
      as: respondentAs,
      body: { basis: 'platform_declaration' },
    });
    expect(consent.status).toBe(422);
    expect(consent.json.code).toBe('identity_not_verified');
    const designated = await h.call('POST', `/v1/parties/${respondentPersonId}/addresses`, {
      as: operator,
      body: await addressesBody(h, [{ channel: 'sms', value: '13812345678', source: 'recipient_designated' }]),
    });
    expect(designated.status).toBe(422);
    expect(designated.json.code).toBe('identity_not_verified');
    expect(await identityState(disputeId)).toEqual(beforeConsent);
    // What the applicant typed is on record as what it is: an address another party supplied.
    const supplied = await h.call('POST', `/v1/parties/${respondentPersonId}/addresses`, {
      as: operator,
      body: {
        addresses: [
          {
            channel: 'sms',
            value: '13812345678',
            source: 'other_party_provided',
            observedAt: new Date().toISOString(),
            reference: `filing of ${disputeId}`,
          },
        ],
      },
    });
    expect(supplied.status, supplied.text).toBe(200);

    // The applicant, whom the carrier does match to its phone, consents for itself and designates a number.
    const applicantParty = await partyOf(h as never, disputeId, 'applicant');
    const applicantConsent = await h.call(
      'POST',
      `/v1/disputes/${disputeId}/parties/${applicantParty.partyId}/consent`,
      { as: applicant, body: { basis: 'platform_declaration' } },
    );
    expect(applicantConsent.status, applicantConsent.text).toBe(200);
    expect(applicantConsent.json.consent.assurance).toMatchObject({ level: 'carrier_3f' });
    const applicantPhone = mobile();
    await addAddresses(h, { personId: publicPersonId(applicantParty.personHash) }, [
      { channel: 'sms', value: applicantPhone, source: 'recipient_designated' },
    ]);

    // Mediation, settlement, signatures, application and the court's confirmation.
    const organizationId = await registerOrganization(h as never);
    const chosen = await registerMediator(h as never, organizationId);
    const mediator: ['mediator', string] = ['mediator', chosen.subjectId];
    await assignAndAccept(h as never, disputeId, { id: chosen.id, as: mediator });
    await settleSignAndApply(h as never, {
      disputeId,
      mediator,
      applicant: { as: applicant, partyId: applicantParty.partyId },
      respondent: { as: respondentAs, partyId: respondent.partyId },
      courtId,
    });
    const requests = await h.call('GET', '/v1/confirmation-requests?status=submitted', { as: court });
    const requestId = (requests.json.items as Array<{ requestId: string; disputeId: string }>).find(
      (item) => item.disputeId === disputeId,
    )?.requestId;
    expect(requestId).toBeDefined();
    await acceptAndConfirm(h as never, court, requestId as string, '(2026)粤0304民特99号');

    // The ruling is served: on the applicant at delivery to its designated number; on the
    // "respondent" not at all at the applicant's phone: no consent, so no electronic attempt.
    let serviceId = '';
    await eventually(
      'the ruling service has settled every recipient',
      async () => {
        const view = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: court });
        serviceId = view.json.rulingService?.serviceId ?? '';
        expect(serviceId).not.toBe('');
        const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: court });
        const statuses = (proof.json.recipients as Array<{ status: string }>).map((recipient) => recipient.status);
        expect(statuses.sort()).toEqual(['served', 'unserved']);
      },
      { timeout: 30_000 },
    );
    const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: court });
    const byPerson = (personId: string) =>
      (proof.json.recipients as Array<Record<string, unknown> & { recipient: { personId: string } }>).find(
        (recipient) => recipient.recipient.personId === personId,
      );
    expect(byPerson(respondentPersonId)).toMatchObject({
      status: 'unserved',
      unserved: { reason: 'no_consent' },
      attempts: [],
    });
    expect(byPerson(respondentPersonId)?.served).toBeUndefined();
    expect(byPerson(publicPersonId(applicantParty.personHash))).toMatchObject({
      status: 'served',
      served: { rule: 'delivered_to_recipient_designated_address' },
    });
    expect(h.smsTo(applicantPhone)).toHaveLength(1);
    // The applicant's own phone got the invitation and signing messages, never the ruling's portal link.
    expect(h.smsTo(applicantIdentity.mobile).some((sms) => sms.message.includes('/r/'))).toBe(false);
  }, 120_000);

  it('a respondent whom the carrier matches joins and consents, and the level shows in the proof of service', async () => {
    const { courtId, as: court } = await registerCourt();
    const respondentPhone = mobile();
    provider.register({ idNumber: '110109194912310025', name: '赵六', mobile: respondentPhone });
    const { disputeId, invitation } = await fileAgainst(courtId, await linkedParty(h.httpDeps.vault), {
      name: '赵六',
      idNumber: '110109194912310025',
      phone: respondentPhone,
    });

    // The carrier checks the invited mobile (whose code the respondent proves); for service the
    // respondent gives its office number, which no carrier registers to it.
    const officePhone = mobile();
    const joined = await joinAsRespondent(h.app, invitation, { phone: officePhone }, '0025');
    expect(joined.status, await joined.clone().text()).toBe(201);
    expect(await joined.text()).toContain('your identity is confirmed');

    const respondent = await partyOf(h as never, disputeId, 'respondent');
    const party = (await h.store.get({ pk: `CASE#${disputeId}`, sk: `PARTY#${respondent.partyId}` }))?.attributes;
    expect(party).toMatchObject({
      consent: {
        basis: 'platform_declaration',
        assurance: { level: 'carrier_3f', providerReference: expect.any(String) },
      },
      serviceAddress: { phone: officePhone },
    });
    const person = (await h.store.get({ pk: `PERSON#${respondent.personHash}`, sk: 'ROOT' }))?.attributes;
    expect(person?.serviceConsent).toMatchObject({ assurance: { level: 'carrier_3f' } });
    // A party's filing that names a court gives that court no sight of the parties (it would, once
    // they apply to it): the operator reads and serves here.
    const unseen = await h.call('GET', `/v1/parties/${publicPersonId(respondent.personHash)}/addresses`, { as: court });
    expect(unseen.status).toBe(404);
    // The number the verified respondent gave at joining is in its address book as its own designation.
    const book = await h.call('GET', `/v1/parties/${publicPersonId(respondent.personHash)}/addresses`, {
      as: operator,
    });
    expect(book.status, book.text).toBe(200);
    expect(book.json.plan).toContainEqual(
      expect.objectContaining({
        channel: 'sms',
        value: maskAddress('sms', officePhone), // masked for operators
        sources: ['recipient_designated'],
      }),
    );
    // Restating its consent later keeps the level it joined at, though the office number does not match.
    const restated = await h.call('POST', `/v1/disputes/${disputeId}/parties/${respondent.partyId}/consent`, {
      as: ['party', String(respondent.subjectId)],
      body: { basis: 'contract_clause', evidence: 'loan contract art. 9' },
    });
    expect(restated.status, restated.text).toBe(200);
    expect(restated.json.consent).toMatchObject({ basis: 'contract_clause', assurance: { level: 'carrier_3f' } });
    expect(provider.checks().at(-1)).toEqual({ result: 'no_match', status: 200 });
    const joinedEvent = (await h.store.readChain(`CASE#${disputeId}`)).events.find(
      (event) => event.type === 'party.joined',
    );
    expect(joinedEvent?.data).toMatchObject({
      consentBasis: 'platform_declaration',
      identityAssurance: { level: 'carrier_3f' },
    });

    // The verified respondent's number is designated, and a summons is served there.
    const personId = publicPersonId(respondent.personHash);
    const designated = await h.call('POST', `/v1/parties/${personId}/addresses`, {
      as: operator,
      body: await addressesBody(h, [{ channel: 'sms', value: respondentPhone, source: 'recipient_designated' }]),
    });
    expect(designated.status, designated.text).toBe(200);
    const served = await h.call('POST', '/v1/services', {
      as: operator,
      body: {
        document: { title: '传票 Summons', kind: 'summons', mediaType: 'application/pdf', contentBase64: pdf() },
        recipients: [{ personId }],
      },
    });
    expect(served.status, served.text).toBe(201);
    const recipientId = served.json.recipients[0].recipientId as string;
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');

    const proof = await h.call('GET', `/v1/services/${served.json.serviceId}/proof`, { as: operator });
    expect(proof.status, proof.text).toBe(200);
    const [recipient] = proof.json.recipients;
    expect(recipient).toMatchObject({
      status: 'served',
      served: { rule: 'delivered_to_recipient_designated_address' },
      identityAssurance: 'carrier_3f',
    });
    const planned = (recipient.chain.events as Array<{ type: string; data: Record<string, unknown> }>).find(
      (event) => event.type === 'service.planned',
    );
    expect(planned?.data).toMatchObject({
      consent: { basis: 'contract_clause', identityAssurance: 'carrier_3f' },
    });
    expect(recipient.chain.verification).toMatchObject({ intact: true });
  }, 60_000);

  it('a respondent invited by email cannot consent at the join (no invited mobile for the carrier to check), is told how to consent later, and joins without consent', async () => {
    // Prepare: the respondent is registered with the carrier, but the applicant gives only its email.
    const { courtId } = await registerCourt();
    const respondent = { idNumber: '440301199203035293', name: '赵四', mobile: mobile() };
    provider.register(respondent);
    const email = `zhao.si-${Date.now()}@example.com`;
    const [applicant, person] = filingAgainstPerson({ ...respondent, phone: respondent.mobile }).parties;
    const filed = await h.call('POST', '/v1/disputes', {
      as: await linkedParty(h.httpDeps.vault),
      body: filing({ courtId, parties: [applicant, { ...person, contact: { email } }] }),
    });
    expect(filed.status, filed.text).toBe(201);
    const disputeId = filed.json.id as string;
    const invitation = await eventually('the invitation email is sent', async () => {
      const text = (await h.emailsTo(email)).at(-1)?.body.text ?? '';
      const token = /\/j(?:oin)?\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
      const code = /code (\d{6})/.exec(text)?.[1];
      expect(token && code, text).toBeTruthy();
      return { token: token as string, code: code as string };
    });
    await contactsInBook(disputeId);
    const before = await identityState(disputeId);

    // Act: consent with a phone at the join.
    const refused = await joinAsRespondent(
      h.app,
      invitation,
      { phone: respondent.mobile },
      respondent.idNumber.slice(-4),
    );

    // Assess: refused at the consent box with the way to consent later; nothing recorded; joining without consent works.
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(
      'nothing was recorded. You can join without agreeing now; then sign in with your own mobile at “My cases” and agree and give your addresses on “My addresses”.',
    );
    expect(await identityState(disputeId)).toEqual(before);
    const joined = await joinAsRespondent(h.app, invitation, undefined, respondent.idNumber.slice(-4));
    expect(joined.status).toBe(201);
  });

  it('answers 503 and records nothing when the identity provider cannot answer', async () => {
    const { courtId } = await registerCourt();
    // A documented test mobile: the emulator answers it with 503, as a provider in trouble would.
    const failing = '+8613800009503';
    const { disputeId, invitation } = await fileAgainst(courtId, await linkedParty(h.httpDeps.vault), {
      name: '钱七',
      idNumber: '310106199203030048',
      phone: failing,
    });
    const before = await identityState(disputeId);

    const response = await joinAsRespondent(h.app, invitation, { phone: failing }, '0048');

    expect(response.status).toBe(503);
    const page = await response.text();
    expect(page).toContain('The identity service did not answer');
    expect(page).not.toContain('13800009503');
    expect(await identityState(disputeId)).toEqual(before);
    // The invitation is still open: the same proof joins once the provider answers again.
    expect((await joinAsRespondent(h.app, invitation, undefined, '0048')).status).toBe(201);
  });
});
