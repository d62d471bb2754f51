import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { filing, operator, personParty } from '../support/mediation-api';
import { residentIdNumber } from '../support/people-fixtures';
import { pdf, type ServiceHarness, startServiceHarness } from '../support/service-harness';
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

  it('shows the carrier-linked sign-in as verified, records consent with the addresses in one change, and the unserved document is served there', async () => {
    // Prepare: the person files without consenting, and an operator serves it a document: unserved.
    const [, respondent] = filing().parties;
    const filed = await s.h.call('POST', '/v1/disputes', {
      as,
      body: filing({ parties: [personParty('applicant', { ...person, phone: person.mobile }), respondent] }),
    });
    expect(filed.status, filed.text).toBe(201);
    const { personId } = (await s.h.call('GET', '/v1/me/addresses', { as })).json;
    const served = await s.h.call('POST', '/v1/services', {
      as: operator,
      body: {
        document: { title: '民事裁定书', kind: 'ruling', mediaType: 'application/pdf', contentBase64: pdf() },
        recipients: [{ personId }],
      },
    });
    expect(served.status, served.text).toBe(201);
    const serviceId = served.json.serviceId as string;
    const recipient = async () =>
      (await s.h.call('GET', `/v1/services/${serviceId}`, { as: operator })).json.recipients[0] as {
        status: string;
        unserved?: { reason: string };
        rule?: string;
      };
    await eventually('unserved for want of consent', async () => expect((await recipient()).status).toBe('unserved'), {
      timeout: 40_000,
    });

    // Act: on "My addresses" the person is verified and is asked to consent; it consents with a number.
    const en = { 'accept-language': 'en' };
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
    // unserved recipient resumes by itself and is served by the delivery at that number.
    const mine = await s.h.call('GET', '/v1/me/addresses', { as });
    expect(mine.json.consent).toMatchObject({ basis: 'platform_declaration' });
    expect(mine.json.addresses).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: `+86${number}`, sources: ['recipient_designated'] })]),
    );
    const after = await (await browser.request('/addresses', { headers: en })).text();
    expect(after).not.toContain('data-testid="consent-hint"');
    await eventually(
      'served at the number designated on the page',
      async () =>
        expect(await recipient()).toMatchObject({
          status: 'served',
          rule: 'delivered_to_recipient_designated_address',
        }),
      { timeout: 40_000 },
    );
    expect(svc.smsTo(`+86${number}`)).toHaveLength(1);
  }, 120_000);

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
