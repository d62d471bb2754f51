import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import {
  acceptAndConfirm,
  assignAndAccept,
  filing,
  joinAsRespondent,
  partyOf,
  personParty,
  receivedInvitation,
  registerCourt,
  registerMediator,
  registerOrganization,
  settleSignAndApply,
} from '../support/mediation-api';
import { residentIdNumber } from '../support/people-fixtures';
import { type ServiceHarness, startServiceHarness } from '../support/service-harness';
import { CookieJarClient, csrfFrom, freshMobile, partyToCallback, signInHarness } from '../support/sign-in-harness';

/**
 * A party the platform could not serve for want of consent (it filed without consenting, or joined
 * by an email invitation without it) and who signs in on its phone: its sign-in was linked after
 * the carrier matched the mobile it proved to its ID number and name, so on "My addresses" it is
 * verified, consents and designates a number, and the document left unserved reaches it there.
 */
describe('an unserved party consents and designates on its addresses page', () => {
  let s: Awaited<ReturnType<typeof signInHarness>>;
  let svc: ServiceHarness;
  let browser: CookieJarClient;
  const person = { idNumber: residentIdNumber('19920303', '440301'), name: '赵四', mobile: freshMobile() };
  let as: ['party', string];

  beforeAll(async () => {
    s = await signInHarness({
      harness: async (deps, options) => {
        svc = await startServiceHarness({ http: { deps, issuer: options.issuer } });
        return svc as never;
      },
    });
    s.identities.register({ idNumber: person.idNumber, name: person.name, mobile: `+86${person.mobile}` });
    as = ['party', `person:${(await svc.httpDeps.vault.lookupHash(person.idNumber)).slice(0, 40)}`];
    browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await browser.request(await partyToCallback(s, browser, person.mobile));
    const linkPage = await (await browser.request('/auth/link?return=%2Fcases')).text();
    const linked = await browser.request('/auth/link', {
      form: { csrf: csrfFrom(linkPage), return: '/cases', idNumber: person.idNumber, name: person.name },
    });
    expect(linked.status).toBe(303);
  }, 120_000);
  afterAll(async () => {
    await s?.identities.stop();
    await svc?.stop();
  });

  it('a party who filed without consenting is told on its ruling page where to go; its carrier-linked sign-in is verified there, it consents with a number in one change, and the ruling left unserved is served at that number', async () => {
    // Prepare: the person files without consenting against a company, which joins; the settlement
    // is signed, applied for and confirmed; the ruling cannot be served on the filer.
    const [, company] = filing().parties;
    const filed = await s.h.call('POST', '/v1/disputes', {
      as,
      body: filing({ parties: [personParty('applicant', { ...person, phone: person.mobile }), company] }),
    });
    expect(filed.status, filed.text).toBe(201);
    const disputeId = filed.json.id as string;
    const joined = await joinAsRespondent(svc.app, await receivedInvitation(svc.gateway, disputeId));
    expect(joined.status).toBe(201);
    const { courtId, as: court } = await registerCourt(svc as never);
    const mediator = await registerMediator(svc as never, await registerOrganization(svc as never));
    await assignAndAccept(svc as never, disputeId, { id: mediator.id, as: ['mediator', mediator.subjectId] });
    const [applicantParty, respondentParty] = await Promise.all([
      partyOf(svc as never, disputeId, 'applicant'),
      partyOf(svc as never, disputeId, 'respondent'),
    ]);
    await settleSignAndApply(svc as never, {
      disputeId,
      mediator: ['mediator', mediator.subjectId],
      applicant: { as, partyId: applicantParty.partyId },
      respondent: { as: ['party', String(respondentParty.subjectId)], partyId: respondentParty.partyId },
      courtId,
    });
    const [request] = (await s.h.call('GET', '/v1/confirmation-requests?status=submitted', { as: court })).json.items;
    await acceptAndConfirm(svc as never, court, request.requestId, '(2026)粤0304民特7号');
    const filersService = async () => {
      const application = await s.h.call('GET', `/v1/confirmation-requests/${request.requestId}`, { as: court });
      const { personId } = (await s.h.call('GET', '/v1/me/addresses', { as })).json;
      return (application.json.rulingService?.recipients ?? []).find(
        (recipient: { personId: string }) => recipient.personId === personId,
      ) as { status: string } | undefined;
    };
    await eventually(
      'the ruling is unserved on the filer for want of consent',
      async () => expect((await filersService())?.status).toBe('unserved'),
      { timeout: 40_000 },
    );

    // Act: the ruling page says why and links "My addresses", where the person is verified and is
    // asked to consent; it consents with a number.
    const en = { 'accept-language': 'en' };
    const rulingPage = await (await browser.request(`/cases/${disputeId}/ruling`, { headers: en })).text();
    expect(rulingPage).toMatch(
      /data-testid="unserved-help">The court’s ruling could not be served on you electronically/,
    );
    expect(rulingPage).toContain('href="/addresses" data-testid="to-addresses"');
    // Nothing was sent to it: it is not told "ruling sent", and it may neither read nor sign the
    // ruling until it is served (reading is notice); the case page says so instead of "read and sign".
    await eventually('the filer is told the ruling could not be served on it', () =>
      expect(svc.smsTo(`+86${person.mobile}`).map((sms) => sms.message)).toEqual(
        expect.arrayContaining([expect.stringContaining('裁定书未能电子送达')]),
      ),
    );
    expect(svc.smsTo(`+86${person.mobile}`).some((sms) => sms.message.includes('裁定书已发出送达'))).toBe(false);
    expect(rulingPage).not.toContain('data-testid="ruling-download"');
    expect(rulingPage).not.toContain('data-testid="ruling-sign-form"');
    const download = await browser.request(`/cases/${disputeId}/ruling/document`, { headers: en });
    expect(download.status).toBe(303);
    const casePage = await (await browser.request(`/cases/${disputeId}`, { headers: en })).text();
    expect(casePage).toContain('data-testid="ruling-unserved"');
    expect(casePage).not.toContain('data-testid="ruling-link"');
    const shown = await (await browser.request('/addresses', { headers: en })).text();
    expect(shown).toContain('<dd>Verified</dd>');
    expect(shown).toContain('data-testid="consent-hint"');
    const number = freshMobile();
    const saved = await browser.request('/addresses', {
      form: { csrf: csrfFrom(shown), phone: number, consent: 'yes' },
      headers: en,
    });
    expect(saved.status, await saved.clone().text()).toBe(303);

    // Assess: consent and the designated number are recorded, the page asks no more, and the
    // ruling resumes by itself and is served by the delivery at that number.
    const mine = await s.h.call('GET', '/v1/me/addresses', { as });
    expect(mine.json.consent).toMatchObject({ basis: 'platform_declaration' });
    expect(mine.json.addresses).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: `+86${number}`, sources: ['recipient_designated'] })]),
    );
    const after = await (await browser.request('/addresses', { headers: en })).text();
    expect(after).not.toContain('data-testid="consent-hint"');
    await eventually(
      'the ruling is served at the number designated on the page',
      async () => expect((await filersService())?.status).toBe('served'),
      { timeout: 40_000 },
    );
    expect(svc.smsTo(`+86${number}`)).toHaveLength(1);
    const servedPage = await (await browser.request(`/cases/${disputeId}/ruling`, { headers: en })).text();
    expect(servedPage).not.toContain('data-testid="unserved-help"');
    expect(servedPage).toContain('data-testid="ruling-download"');
    expect(servedPage).toContain('data-testid="ruling-sign-form"');
  }, 180_000);

  it('refuses a form with neither an address nor consent at the field, and records nothing', async () => {
    const shown = await (await browser.request('/addresses', { headers: { 'accept-language': 'zh' } })).text();
    const before = (await s.h.call('GET', '/v1/me/addresses', { as })).json;
    const refused = await browser.request('/addresses', {
      form: { csrf: csrfFrom(shown) },
      headers: { 'accept-language': 'zh' },
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="phone-error">请至少填写一个地址<');
    expect((await s.h.call('GET', '/v1/me/addresses', { as })).json).toEqual(before);
  });
});
