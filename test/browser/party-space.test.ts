import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationStatusText } from '../../functions/http/pages/party/ruling-page';
import {
  filing,
  invitationsOf,
  joinAsRespondent,
  partyOf,
  paymentTerms,
  registerCourt,
  registerMediator,
  registerOrganization,
} from '../support/mediation-api';
import { chooseLanguage, expectAGoodPage, submit } from '../support/party-pages';
import { knownPerson, type PartySite, signInOnPages, startPartySite } from '../support/party-site';
import { documentStore } from '../support/service-harness';

describe("the party's space in Chromium: my cases, the case, recommended mediators and picks", () => {
  let site: PartySite;
  let s: PartySite['s'];
  let base: string;
  let browser: PartySite['browser'];

  beforeAll(async () => {
    // The settlement's document lives in the documents bucket (s3rver in the local stack).
    site = await startPartySite({ deps: { documents: documentStore() } });
    ({ s, base, browser } = site);
  }, 120_000);

  afterAll(async () => {
    await site?.stop();
  });

  /** Signs a fresh applicant in through the local managed login and links it; answers its dispute. */
  async function signedInApplicant(page: Page) {
    const person = await knownPerson(site, '张三', '19900101');
    const base0 = filing();
    const parties = base0.parties.map((party, index) =>
      index === 0 ? { ...party, idNumber: person.idNumber } : party,
    );
    const filed = await s.h.call('POST', '/v1/disputes', { as: person.as, body: { ...base0, parties } });
    expect(filed.status, filed.text).toBe(201);
    await signInOnPages(site, page, person);
    return { disputeId: filed.json.id as string };
  }

  it('lists the case with its status and next step, shows the case and its mediators with reasons, takes picks, has the settlement read and signed in place, applies for confirmation, and keeps its own addresses', async () => {
    const court = await registerCourt(s.h);
    const organizationId = await registerOrganization(s.h);
    const first = await registerMediator(s.h, organizationId, { name: '李明' });
    const second = await registerMediator(s.h, organizationId, { name: '王芳', languages: ['zh', 'en'] });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    const { disputeId } = await signedInApplicant(page);

    for (const lang of ['zh', 'en'] as const) {
      await chooseLanguage(browser.context, base, lang);
      // My cases.
      const home = await page.goto(`${base}/`);
      const card = page.locator(`[data-dispute-id="${disputeId}"]`);
      expect(await card.locator('[data-testid="status"]').textContent()).toBe(lang === 'zh' ? '已分流' : 'Triaged');
      expect(await card.locator('[data-testid="next-step"]').textContent()).toBe(
        lang === 'zh' ? '选择您偏好的调解员' : 'Choose the mediators you prefer',
      );
      await expectAGoodPage(page, lang, home);

      // The case, with its mediators: names, organization, reasons.
      const opened = await page.goto(`${base}/cases/${disputeId}`);
      expect(await page.textContent('[data-testid="deadline"]')).toMatch(
        lang === 'zh' ? /（北京时间）$/ : /Beijing time \(UTC\+8\)$/,
      );
      const recommended = page.locator('[data-testid="recommendations"] > li');
      expect(await recommended.count()).toBeGreaterThanOrEqual(2);
      const text = (await page.textContent('[data-testid="recommendations"]')) ?? '';
      expect(text).toContain('李明');
      expect(text).toContain('王芳');
      expect(text).toContain('Futian People’s Mediation Committee');
      expect(text).toContain(lang === 'zh' ? '专长匹配' : 'Specialty fit');
      expect(text).not.toMatch(/med_[A-Za-z0-9_-]{6,}/);
      await expectAGoodPage(page, lang, opened);
    }

    // The same mediator twice: refused at the field, choices kept, nothing recorded.
    await page.selectOption('#pick1', first.id);
    await page.selectOption('#pick2', first.id);
    const twice = await submit(page, '[data-testid="picks-form"] button[type=submit]');
    expect(twice?.status()).toBe(400);
    expect(await page.getAttribute('#pick2', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#pick2-error')).toBe('Choose each mediator only once');
    expect(await page.inputValue('#pick1')).toBe(first.id);
    await expectAGoodPage(page, 'en', twice);
    const root = await s.h.store.get({ pk: `CASE#${disputeId}`, sk: 'ROOT' });
    expect(Object.keys((root?.attributes.picks as Record<string, unknown>) ?? {})).toHaveLength(0);

    // Picks recorded.
    await page.selectOption('#pick2', second.id);
    const saved = await submit(page, '[data-testid="picks-form"] button[type=submit]');
    expect(new URL(page.url()).searchParams.get('done')).toBe('picks_saved');
    expect(await page.textContent('[data-testid="done"]')).toBe('Your choices are recorded.');
    expect(await page.textContent('[data-testid="my-picks"]')).toBe('Your choices now: 李明, 王芳');
    await expectAGoodPage(page, 'en', saved);

    // Carried on through the API (other people's steps): the respondent joins, an operator offers
    // the case to the first pick, the mediator accepts and records the settlement.
    const [invitation] = await invitationsOf(s.h, disputeId);
    expect((await joinAsRespondent(s.app, invitation)).status).toBe(201);
    const offer = await s.h.call('POST', `/v1/disputes/${disputeId}/assignment`, {
      as: ['operator', 'op-1'],
      body: { mediatorId: first.id },
    });
    expect(offer.status, offer.text).toBe(201);
    const accepted = await s.h.call('POST', `/v1/offers/${offer.json.offerId}/accept`, {
      as: ['mediator', first.subjectId],
    });
    expect(accepted.status, accepted.text).toBe(200);
    const applicantParty = await partyOf(s.h, disputeId, 'applicant');
    const respondentParty = await partyOf(s.h, disputeId, 'respondent');
    const recorded = await s.h.call('POST', `/v1/disputes/${disputeId}/settlement`, {
      as: ['mediator', first.subjectId],
      body: paymentTerms(
        { debtor: respondentParty.partyId, creditor: applicantParty.partyId },
        'Sale of a laptop online',
      ),
    });
    expect(recorded.status, recorded.text).toBe(201);
    const sha256 = recorded.json.document.sha256 as string;

    // The applicant reads the settlement on the page, from its canonical document, with its hash.
    await chooseLanguage(browser.context, base, 'zh');
    await page.goto(`${base}/cases/${disputeId}`);
    expect(await page.textContent('[data-testid="status"]')).toBe('调解中');
    const reading = await submit(page, '[data-testid="settlement-link"]');
    expect(await page.textContent('[data-testid="sha256"]')).toBe(sha256);
    expect(await page.textContent('[data-testid="settlement-document"]')).toContain('各方各自承担费用。');
    await expectAGoodPage(page, 'zh', reading);

    // Signing without ticking the confirmation: refused at the field, nothing signed.
    const unticked = await submit(page, '[data-testid="sign-form"] button[type=submit]');
    expect(unticked?.status()).toBe(400);
    expect(await page.textContent('#confirm-error')).toBe('请勾选确认后再签署');
    expect(await page.getAttribute('#confirm', 'aria-invalid')).toBe('true');
    await expectAGoodPage(page, 'zh', unticked);
    const unsigned = await s.h.call('GET', `/v1/settlements/${recorded.json.settlementId}`, {
      as: ['mediator', first.subjectId],
    });
    expect(unsigned.json.signatures).toHaveLength(0);

    // Signed in place; the respondent signs too (through the API) and the settlement takes effect.
    await page.check('#confirm');
    const signed = await submit(page, '[data-testid="sign-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="done"]')).toBe('您已签署调解协议。');
    await expectAGoodPage(page, 'zh', signed);
    const respondentSigned = await s.h.call('POST', `/v1/settlements/${recorded.json.settlementId}/signatures`, {
      as: ['party', String(respondentParty.subjectId)],
      body: { documentSha256: sha256 },
    });
    expect(respondentSigned.status, respondentSigned.text).toBeLessThan(300);
    await page.goto(`${base}/cases/${disputeId}/settlement`);
    expect(await page.textContent('[data-testid="settlement-status"]')).toBe('已生效');
    expect(await page.textContent('[data-testid="apply-by"]')).toMatch(/（北京时间）$/);

    // The court pre-check and the application: without a court, refused at the field; then applied.
    expect(await page.textContent('[data-testid="verdicts"]')).toContain('调解协议已生效');
    const noCourt = await submit(page, '[data-testid="apply-form"] button[type=submit]');
    expect(noCourt?.status()).toBe(400);
    expect(await page.textContent('#courtId-error')).toBe('请选择受理法院');
    await expectAGoodPage(page, 'zh', noCourt);
    await page.selectOption('#courtId', court.courtId);
    const applied = await submit(page, '[data-testid="apply-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="done"]')).toBe('您的申请已记录。');
    await expectAGoodPage(page, 'zh', applied);

    // Before the court rules, the party may withdraw the application from the case page.
    const withApplication = await page.goto(`${base}/cases/${disputeId}`);
    expect(await page.textContent('[data-testid="application-status"]')).toBeTruthy();
    await expectAGoodPage(page, 'zh', withApplication);
    const withdrawn = await submit(page, '[data-testid="withdraw-form"] button[type=submit]');
    expect(withdrawn?.status()).toBe(200);
    expect(await page.textContent('[data-testid="done"]')).toBe('司法确认申请已撤回。');
    expect(await page.textContent('[data-testid="application-status"]')).toBe(applicationStatusText.withdrawn.zh);
    expect(await page.locator('[data-testid="withdraw-form"]').count()).toBe(0);

    // Own addresses for service: an empty form and a bad email are refused at the field, input kept.
    await chooseLanguage(browser.context, base, 'en');
    const addresses = await page.goto(`${base}/addresses`);
    await expectAGoodPage(page, 'en', addresses);
    const empty = await submit(page, '[data-testid="address-form"] button[type=submit]');
    expect(empty?.status()).toBe(400);
    expect(await page.textContent('#phone-error')).toBe('Give at least one address');
    await page.fill('#email', 'not-an-email');
    const badEmail = await submit(page, '[data-testid="address-form"] button[type=submit]');
    expect(badEmail?.status()).toBe(400);
    expect(await page.textContent('#email-error')).toBe('Not a valid email address');
    expect(await page.inputValue('#email')).toBe('not-an-email');
    await expectAGoodPage(page, 'en', badEmail);
    // A sign-in linked by the carrier check is verified (DESIGN.md, Identity assurance): the person
    // is asked to consent, and designates the address with its consent.
    expect(await page.locator('[data-testid="consent-hint"]').count()).toBe(1);
    await page.fill('#email', 'zhang.san@example.com');
    await page.check('#consent');
    const designated = await submit(page, '[data-testid="address-form"] button[type=submit]');
    expect(designated?.status()).toBe(200);
    expect(await page.textContent('[data-testid="done"]')).toBe('The address is saved.');
    expect(await page.textContent('[data-testid="addresses"]')).toContain('zhang.san@example.com');
    expect(await page.locator('[data-testid="consent-hint"]').count()).toBe(0);
    await expectAGoodPage(page, 'en', designated);
    await page.close();
  }, 240_000);
});
