import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityProviderEmulator, startIdentityProvider } from '../../infra/local/identity-provider';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import { publicPersonId } from '../../shared/domain/identity/person-id';
import { designationBy } from '../support/designation-evidence';
import { eventually } from '../support/eventually';
import {
  assignAndAccept,
  fileForTwoPeople,
  filing,
  joinAsRespondent,
  linkedParty,
  operator,
  partyOf,
  registerCourt,
  registerMediator,
  registerOrganization,
  settleSignAndApply,
} from '../support/mediation-api';
import { residentIdNumber } from '../support/people-fixtures';
import { CookieJar, csrfIn, secretsIn, visit } from '../support/portal-fixtures';
import { pdf, type ServiceHarness, seedCourt, seedPerson, startServiceHarness } from '../support/service-harness';

/** A CN mobile number no other test uses (136 + 8 digits). */
const mobile = () => `+86136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/**
 * Issue 12, items 1 and 2, on the embedded stack (HTTP app, relay, workflows, SMS gateway, mail
 * emulator, identity provider emulator): a case reaches its people at the contacts they gave at
 * filing and joining, with no address added by hand; an unserved recipient resumes when an address
 * arrives, and an operator or the serving court can retry one.
 */
describe('a case reaches its people', () => {
  let h: ServiceHarness;
  let provider: IdentityProviderEmulator;

  beforeAll(async () => {
    provider = await startIdentityProvider();
    h = await startServiceHarness({
      identityVerifier: new HttpsIdentityVerifier({ settings: async () => provider.settings }),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await provider?.stop();
  });

  async function book(personHash: string) {
    const stored = await h.store.get({ pk: `PERSON#${personHash}`, sk: 'ADDRESS_BOOK' });
    return (stored?.attributes.addresses ?? []) as Array<{
      channel: string;
      value: string;
      sources: Array<{ source: string }>;
    }>;
  }

  it('from filing to a confirmed ruling served on both parties at the contacts they gave at filing and joining', async () => {
    const applicantMobile = mobile();
    const applicantEmail = `applicant-${Date.now()}@example.com`;
    const respondentMobile = mobile();
    const respondentEmail = `respondent-${Date.now()}@example.com`;
    const applicantId = residentIdNumber('19900101');
    const respondentId = residentIdNumber('19851212');
    provider.register({ idNumber: applicantId, name: '张三', mobile: applicantMobile });
    provider.register({ idNumber: respondentId, name: '王五', mobile: respondentMobile });

    const { courtId, as: court } = await registerCourt(h as never);
    const organizationId = await registerOrganization(h as never);
    const mediatorEmail = `mediator-${Date.now()}@example.com`;
    const chosen = await registerMediator(h as never, organizationId, { contact: { email: mediatorEmail } });
    const mediator: ['mediator', string] = ['mediator', chosen.subjectId];

    // The applicant files for itself with its consent and an email for service; it gives the
    // respondent's mobile as the respondent's contact.
    const applicant = await linkedParty(h.httpDeps.vault, applicantId);
    const { disputeId, invitation, applicantParty, respondentParty } = await fileForTwoPeople(h as never, {
      as: applicant,
      courtId,
      applicant: { idNumber: applicantId, mobile: applicantMobile, email: applicantEmail },
      respondent: { idNumber: respondentId, mobile: respondentMobile },
    });
    await eventually(
      'the contacts given at filing are in the address books',
      async () => {
        const applicantBook = await book(applicantParty.personHash);
        expect(applicantBook.map((a) => [a.channel, a.value, a.sources.map((s) => s.source)])).toEqual(
          expect.arrayContaining([
            ['sms', applicantMobile, ['recipient_designated']],
            ['email', applicantEmail, ['recipient_designated']],
          ]),
        );
        const respondentBook = await book(respondentParty.personHash);
        expect(respondentBook.map((a) => [a.value, a.sources.map((s) => s.source)])).toEqual([
          [respondentMobile, ['other_party_provided']],
        ]);
      },
      { timeout: 40_000 },
    );

    // The respondent joins on the join page with its consent, its phone and an email.
    const joined = await joinAsRespondent(
      h.app,
      invitation,
      { phone: respondentMobile, email: respondentEmail },
      respondentId.slice(-4),
    );
    expect(joined.status, await joined.clone().text()).toBe(201);
    const respondent: ['party', string] = [
      'party',
      String((await partyOf(h as never, disputeId, 'respondent')).subjectId),
    ];
    const respondentBook = await book(respondentParty.personHash);
    expect(
      respondentBook
        .find((a) => a.value === respondentMobile)
        ?.sources.map((s) => s.source)
        .sort(),
    ).toEqual(['other_party_provided', 'recipient_designated']);
    expect(respondentBook.find((a) => a.value === respondentEmail)?.sources.map((s) => s.source)).toEqual([
      'recipient_designated',
    ]);

    // The court sees, before deciding, that both parties can be served electronically.
    await assignAndAccept(h as never, disputeId, { id: chosen.id, as: mediator });
    await settleSignAndApply(h as never, {
      disputeId,
      mediator,
      applicant: { as: applicant, partyId: applicantParty.partyId },
      respondent: { as: respondent, partyId: respondentParty.partyId },
      courtId,
    });
    const [request] = (await h.call('GET', '/v1/confirmation-requests?status=submitted', { as: court })).json.items;
    const requestId = request.requestId as string;
    const application = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: court });
    expect(application.status, application.text).toBe(200);
    for (const party of application.json.parties) {
      expect(party.service, JSON.stringify(party)).toMatchObject({ consented: true, reachable: true });
    }

    expect(
      (
        await h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
          as: court,
          body: { accepted: true },
        })
      ).status,
    ).toBe(200);
    // The court uploads its own ruling (a real PUT to the presigned URL) and names it in its decision.
    const offered = await h.call('POST', `/v1/confirmation-requests/${requestId}/documents`, {
      as: court,
      body: { mediaType: 'application/pdf' },
    });
    expect(offered.status, offered.text).toBe(201);
    const ruling = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(50_000)]);
    const rulingSha256 = createHash('sha256').update(ruling).digest('hex');
    const put = await fetch(offered.json.upload.url, {
      method: 'PUT',
      headers: offered.json.upload.headers,
      body: ruling,
    });
    expect(put.status).toBe(200);
    const rulingDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const decided = await h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: court,
      body: {
        outcome: 'confirmed',
        rulingNumber: '(2026)粤0304民特88号',
        rulingDate,
        document: { documentId: offered.json.documentId, sha256: rulingSha256 },
      },
    });
    expect(decided.status, decided.text).toBe(200);

    let serviceId = '';
    await eventually(
      'the ruling is served on both parties',
      async () => {
        const view = (await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: court })).json;
        expect(view.rulingService?.status).toBe('served');
        serviceId = view.rulingService.serviceId;
      },
      { timeout: 60_000 },
    );
    // The mediator hears the outcome too, signed, with a reference /verify confirms.
    const mediatorMail = await eventually(
      'the mediator is told of the ruling',
      async () => (await h.emailsTo(mediatorEmail)).find((mail) => mail.subject.includes('司法确认裁定')) ?? false,
      { timeout: 20_000 },
    );
    const mediatorReference = /核验编号 \/ Reference: (MS[0-9A-Z]{10})/.exec(mediatorMail.body.text ?? '')?.[1];
    expect(mediatorMail.body.text).toContain('法院已裁定确认');
    const verified = await h.app.request(`/verify?ref=${mediatorReference}`, {
      headers: { accept: 'application/json' },
    });
    expect(await verified.json()).toMatchObject({ genuine: true });
    const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: court });
    expect(proof.status, proof.text).toBe(200);
    for (const recipient of proof.json.recipients) {
      expect(recipient.served).toMatchObject({ rule: 'delivered_to_recipient_designated_address' });
    }
    // Each party heard of the ruling at an address it gave itself; the respondent opens its SMS link,
    // proves who it is, and downloads exactly the bytes the court uploaded.
    const service = await h.call('GET', `/v1/services/${serviceId}`, { as: court });
    const references = (
      service.json.recipients as Array<{ attempts: Array<{ reference: string; channel: string }> }>
    ).map((recipient) => recipient.attempts[0]);
    expect(references.map((attempt) => attempt?.channel)).toEqual(['sms', 'sms']);
    const smsOf = (phone: string) =>
      h.smsTo(phone).find((sms) => references.some((attempt) => attempt && sms.message.includes(attempt.reference)));
    expect(smsOf(applicantMobile)).toBeDefined();
    const { token, code } = secretsIn(smsOf(respondentMobile)?.message ?? '');
    const jar = new CookieJar();
    const form = await visit(h, jar, 'GET', `/r/${token}`);
    const proved = await visit(h, jar, 'POST', `/r/${token}`, {
      csrf: csrfIn(form.text),
      code,
      idLastDigits: respondentId.slice(-4),
    });
    expect(proved.status, proved.text).toBe(303);
    const portal = await h.app.request(`/r/${token}/document`, { headers: { cookie: jar.header() } });
    expect(portal.status).toBe(200);
    expect(
      createHash('sha256')
        .update(new Uint8Array(await portal.arrayBuffer()))
        .digest('hex'),
    ).toBe(rulingSha256);
  }, 180_000);

  /** What a filing creates: disputes, persons, invitations (earlier cases' messages may still be on their way). */
  const filingItems = async () =>
    (await h.allItems()).filter(
      (item) =>
        (/^(CASE|PERSON)#/.test(String(item.pk)) && item.sk === 'ROOT') || String(item.pk).startsWith('INVITE#'),
    ).length;

  it('a filer can neither consent for another party nor consent unverified, and such a filing writes nothing', async () => {
    const before = await filingItems();
    const [applicantFiling, respondentFiling] = filing().parties as Array<Record<string, unknown>>;
    const forOther = await h.call('POST', '/v1/disputes', {
      as: await linkedParty(h.httpDeps.vault),
      body: filing({ parties: [applicantFiling, { ...respondentFiling, consent: { basis: 'platform_declaration' } }] }),
    });
    expect(forOther.status, forOther.text).toBe(422);
    expect(forOther.json.code).toBe('consent_is_personal');
    // Nobody registered this applicant's mobile to its ID number: the carrier does not match.
    const unknownId = residentIdNumber('19700101');
    const unverified = await h.call('POST', '/v1/disputes', {
      as: await linkedParty(h.httpDeps.vault, unknownId),
      body: filing({
        parties: [
          { ...applicantFiling, idNumber: unknownId, consent: { basis: 'platform_declaration' } },
          respondentFiling,
        ],
      }),
    });
    expect(unverified.status, unverified.text).toBe(422);
    expect(unverified.json.code).toBe('identity_not_verified');
    const byOperator = await h.call('POST', '/v1/disputes', {
      as: operator,
      body: filing({ parties: [{ ...applicantFiling, consent: { basis: 'platform_declaration' } }, respondentFiling] }),
    });
    expect(byOperator.status, byOperator.text).toBe(422);
    expect(byOperator.json.code).toBe('consent_is_personal');
    expect(await filingItems()).toBe(before);
  });

  async function serve(personId: string, as: ['court', string] | ['operator', string]) {
    const response = await h.call('POST', '/v1/services', {
      as,
      body: {
        document: { title: '民事裁定书', kind: 'ruling', mediaType: 'application/pdf', contentBase64: pdf() },
        recipients: [{ personId }],
      },
    });
    expect(response.status, response.text).toBe(201);
    return { serviceId: response.json.serviceId as string, recipientId: response.json.recipients[0].recipientId };
  }

  async function recipientStatus(serviceId: string) {
    const response = await h.call('GET', `/v1/services/${serviceId}`, { as: operator });
    expect(response.status, response.text).toBe(200);
    return response.json.recipients[0] as { status: string; unserved?: { reason: string } };
  }

  it('an unserved recipient is served once an address arrives, with no new request', async () => {
    const person = await seedPerson(h.store);
    const { serviceId, recipientId } = await serve(person.personId, operator);
    await eventually(
      'unserved for want of an address',
      async () => expect(await recipientStatus(serviceId)).toMatchObject({ status: 'unserved' }),
      { timeout: 40_000 },
    );
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');

    // An operator records the designated number from the person's designation document.
    const phone = mobile();
    const added = await h.call('POST', `/v1/parties/${person.personId}/addresses`, {
      as: operator,
      body: {
        addresses: [
          {
            channel: 'sms',
            value: phone,
            source: 'recipient_designated',
            observedAt: new Date().toISOString(),
            evidence: await designationBy(h, operator),
          },
        ],
      },
    });
    expect(added.status, added.text).toBe(200);
    await eventually(
      'served at the number that arrived',
      async () => expect(await recipientStatus(serviceId)).toMatchObject({ status: 'served' }),
      { timeout: 40_000 },
    );
    expect(h.smsTo(phone)).toHaveLength(1);
    const events = (await h.store.readChain(`SERVICE#${serviceId}#RECIPIENT#${recipientId}`)).events;
    expect(events.map((event) => event.type)).toContain('service.resumed');
  }, 90_000);

  it('an operator or the serving court retries an unserved recipient; another court cannot, and a retry with nowhere to go changes nothing', async () => {
    const court = await seedCourt(h.store);
    const person = await seedPerson(h.store);
    await court.addCase(person);
    const { serviceId, recipientId } = await serve(person.personId, court.as);
    await eventually('unserved', async () =>
      expect(await recipientStatus(serviceId)).toMatchObject({ status: 'unserved' }),
    );
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    const retryPath = `/v1/services/${serviceId}/recipients/${recipientId}/retry`;

    const other = await seedCourt(h.store, 'another court');
    expect((await h.call('POST', retryPath, { as: other.as })).status).toBe(404);
    expect((await h.call('POST', retryPath, { as: ['party', 'someone'] })).status).toBe(403);
    const serviceItems = async () =>
      (await h.allItems()).filter((item) => String(item.pk).startsWith(`SERVICE#${serviceId}`));
    // The service's chain records the unserved recipient's head after it settles: wait for that.
    await eventually(
      'the service records the settled recipient',
      async () => {
        const events = (await h.store.readChain(`SERVICE#${serviceId}`)).events;
        expect(events.map((event) => event.type)).toContain('service.recipient_head');
      },
      { timeout: 40_000 },
    );
    const before = await serviceItems();
    const nowhere = await h.call('POST', retryPath, { as: court.as });
    expect(nowhere.status, nowhere.text).toBe(422);
    expect(nowhere.json.code).toBe('no_usable_address');
    expect(await serviceItems()).toEqual(before);
    expect((await h.call('POST', `/v1/services/${serviceId}/recipients/rcp_nope/retry`, { as: court.as })).status).toBe(
      404,
    );

    // An address another party supplied arrives; the court retries at once (the resume may beat it).
    const phone = mobile();
    const added = await h.call('POST', `/v1/parties/${person.personId}/addresses`, {
      as: operator,
      body: {
        addresses: [
          { channel: 'sms', value: phone, source: 'other_party_provided', observedAt: new Date().toISOString() },
        ],
      },
    });
    expect(added.status, added.text).toBe(200);
    const retried = await h.call('POST', retryPath, { as: court.as });
    expect([202, 422], retried.text).toContain(retried.status);
    if (retried.status === 422) expect(retried.json.code).toBe('recipient_not_unserved');
    await eventually('an attempt at the supplied number', async () => expect(h.smsTo(phone)).toHaveLength(1), {
      timeout: 40_000,
    });
    expect((await recipientStatus(serviceId)).status).toBe('attempting');
    expect(publicPersonId(person.personHash)).toBe(person.personId);
  }, 90_000);
});
