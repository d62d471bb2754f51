import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import {
  joinAsRespondent,
  partyOf,
  paymentTerms,
  registerCourt,
  registerMediator,
  registerOrganization,
} from '../support/mediation-api';
import { chooseLanguage, expectAGoodPage, submit } from '../support/party-pages';
import { knownPerson, type PartySite, signInOnPages, startPartySite } from '../support/party-site';
import { type ServiceHarness, startServiceHarness } from '../support/service-harness';
import { freshMobile } from '../support/sign-in-harness';

describe("a party's whole job through pages only, in Chromium", () => {
  let site: PartySite;
  let s: PartySite['s'];
  // The relay, the workflows and the SMS gateway under the app: invitations and the ruling are really sent.
  let svc: ServiceHarness;
  let base: string;
  let browser: PartySite['browser'];

  beforeAll(async () => {
    site = await startPartySite({
      harness: async (deps, options) => {
        svc = await startServiceHarness({ http: { deps, issuer: options.issuer } });
        return svc as never;
      },
    });
    ({ s, base, browser } = site);
  }, 180_000);

  afterAll(async () => {
    await site?.stop();
    await svc?.stop();
  });

  /** A person the carrier knows, signed in on the page with its mobile's code and linked by ID number and name. */
  async function signIn(page: Page) {
    const person = await knownPerson(site, '张三', '19850101');
    await signInOnPages(site, page, person);
    return person;
  }

  async function disputesOf(as: ['party', string]): Promise<Array<{ id: string; status: string }>> {
    const listed = await s.h.call('GET', '/v1/disputes', { as });
    expect(listed.status, listed.text).toBe(200);
    return listed.json.items;
  }

  it('signs in, files through the guided filing (category first; errors at the field, input kept, nothing filed; a retried post files once), picks, signs, applies, reads the decision and the served ruling and signs for it', async () => {
    const court = await registerCourt(s.h);
    const organizationId = await registerOrganization(s.h);
    const mediator = await registerMediator(s.h, organizationId, { name: '李明' });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    const me = await signIn(page);
    const otherMobile = freshMobile();

    // "My cases" links the filing; the first step asks the category only.
    await chooseLanguage(browser.context, base, 'en');
    await page.goto(`${base}/`);
    const step1 = await submit(page, '[data-testid="file-link"]');
    expect(new URL(page.url()).pathname).toBe('/file');
    expect(await page.locator('#summary').count()).toBe(0);
    await expectAGoodPage(page, 'en', step1);
    // No category chosen: refused at the field.
    const none = await submit(page, '[data-testid="category-form"] button[type=submit]');
    expect(none?.status()).toBe(400);
    expect(await page.textContent('#category-error')).toBe('Choose a category');
    await expectAGoodPage(page, 'en', none);

    // The second step asks what this category needs.
    await page.selectOption('#category', 'traffic_accident');
    const step2 = await submit(page, '[data-testid="category-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="chosen-category"]')).toBe('Category: Traffic accident');
    expect(await page.textContent('label[for="q1"]')).toBe('When and where the accident happened');
    await expectAGoodPage(page, 'en', step2);
    for (const lang of ['zh'] as const) {
      await chooseLanguage(browser.context, base, lang);
      const zh = await page.goto(`${base}/file?category=online_shopping_contract`);
      expect(await page.textContent('label[for="q1"]')).toBe('购物平台和订单号');
      await expectAGoodPage(page, lang, zh);
    }

    // Bad input: a bad amount, a bad ID number, no contact for the other party, an unanswered
    // question. Each is refused at its field, in the page's language, with what was typed kept.
    await page.fill('#q1', '某电商平台，订单 20261101-8899');
    await page.fill('#amount', '3200.999');
    await page.fill('#summary', '卖家发来的笔记本电脑屏幕破裂，拒绝退款。');
    await page.fill('#regionCode', '440304');
    await page.fill('#otherName', '深圳好货有限公司');
    await page.fill('#otherId', '91440300MA5ABCDE1X');
    await page.fill('#ownName', me.name);
    await page.fill('#ownId', '123');
    await page.fill('#ownPhone', me.mobile);
    // "Add another respondent": a second (optional) block, what was typed kept; left empty, it is no party.
    const twoBlocks = await submit(page, '[data-testid="add-party"]');
    expect(twoBlocks?.status()).toBe(200);
    expect(await page.locator('[data-testid="other-party"]').count()).toBe(2);
    expect(await page.inputValue('#otherName')).toBe('深圳好货有限公司');
    expect(await page.inputValue('#amount')).toBe('3200.999');
    expect(await page.locator('.field-error').count()).toBe(0);
    await expectAGoodPage(page, 'zh', twoBlocks);
    const refused = await submit(page, '[data-testid="file-button"]');
    expect(refused?.status()).toBe(400);
    expect(await page.textContent('#amount-error')).toBe('请填写金额，例如 3200.00');
    expect(await page.getAttribute('#amount', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#otherPhone-error')).toBe('请填写对方的手机号码或电子邮箱');
    expect(await page.locator('#ownId-error').count()).toBe(1);
    expect(await page.textContent('#q2-error')).toBe('此项必填');
    expect(await page.locator('#q1-error').count()).toBe(0);
    expect(await page.inputValue('#q1')).toBe('某电商平台，订单 20261101-8899');
    expect(await page.inputValue('#amount')).toBe('3200.999');
    expect(await page.inputValue('#otherName')).toBe('深圳好货有限公司');
    await expectAGoodPage(page, 'zh', refused);
    expect(await disputesOf(me.as)).toHaveLength(0);

    // Corrected, with the filer's own consent and an address for service: filed.
    await page.fill('#q2', '2026-11-20');
    await page.fill('#amount', '3200.00');
    await page.fill('#ownId', me.idNumber);
    await page.fill('#otherPhone', otherMobile);
    await page.check('#consent');
    await page.fill('#serviceEmail', 'zhang.san@example.com');
    const form = Object.fromEntries(
      await page.$$eval('[data-testid="filing-form"] [name]:not(button)', (fields) =>
        fields.map((field) => {
          const input = field as unknown as { name: string; type: string; value: string; checked: boolean };
          return [input.name, input.type === 'checkbox' ? (input.checked ? input.value : '') : input.value];
        }),
      ),
    ) as Record<string, string>;
    const filed = await submit(page, '[data-testid="file-button"]');
    expect(filed?.status()).toBe(200);
    expect(page.url()).toMatch(/\/cases\/dsp_[A-Za-z0-9_-]+\?done=filed$/);
    expect(await page.textContent('[data-testid="done"]')).toBe('您的申请已提交，已邀请对方参加调解。');
    await expectAGoodPage(page, 'zh', filed);
    const [dispute, ...more] = await disputesOf(me.as);
    expect(more).toHaveLength(0);
    expect(dispute?.status).toBe('triaged');

    // The same form posted again (a double click, a reload): the case filed the first time, not a second one.
    const again = await page.request.post(`${base}/file`, { form, maxRedirects: 0, headers: { origin: base } });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe(`/cases/${dispute?.id}?done=filed`);
    expect(await disputesOf(me.as)).toHaveLength(1);
    const disputeId = dispute?.id as string;

    // The respondent joins on /join with the code its invitation SMS carried.
    const invitation = await eventually(
      'the invitation reaches the respondent',
      async () => {
        const text = svc.smsTo(`+86${otherMobile}`).at(-1)?.message ?? '';
        const token = /\/j(?:oin)?\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
        const code = /(?:验证码|code)\D{0,3}(\d{6})/.exec(text)?.[1];
        expect(token && code, text).toBeTruthy();
        return { token: token as string, code: code as string };
      },
      { timeout: 60_000, interval: 1_000 },
    );
    expect((await joinAsRespondent(s.app, invitation)).status).toBe(201);

    // The applicant picks its mediator on the case page; the operator offers it the case and it accepts (API).
    await page.goto(`${base}/cases/${disputeId}`);
    await page.selectOption('#pick1', mediator.id);
    await submit(page, '[data-testid="picks-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="done"]')).toBe('已记录您的选择。');
    const offer = await s.h.call('POST', `/v1/disputes/${disputeId}/assignment`, {
      as: ['operator', 'op-1'],
      body: { mediatorId: mediator.id },
    });
    expect(offer.status, offer.text).toBe(201);
    const accepted = await s.h.call('POST', `/v1/offers/${offer.json.offerId}/accept`, {
      as: ['mediator', mediator.subjectId],
    });
    expect(accepted.status, accepted.text).toBe(200);

    // The mediator records the settlement (API); the applicant signs it and applies on the page.
    const applicantParty = await partyOf(s.h, disputeId, 'applicant');
    const respondentParty = await partyOf(s.h, disputeId, 'respondent');
    const respondent: ['party', string] = ['party', String(respondentParty.subjectId)];
    const recorded = await s.h.call('POST', `/v1/disputes/${disputeId}/settlement`, {
      as: ['mediator', mediator.subjectId],
      body: paymentTerms({ debtor: respondentParty.partyId, creditor: applicantParty.partyId }, '网购笔记本电脑'),
    });
    expect(recorded.status, recorded.text).toBe(201);
    const settlementId = recorded.json.settlementId as string;
    await page.goto(`${base}/cases/${disputeId}/settlement`);
    await page.check('#confirm');
    await submit(page, '[data-testid="sign-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="done"]')).toBe('您已签署调解协议。');
    const respondentSigned = await s.h.call('POST', `/v1/settlements/${settlementId}/signatures`, {
      as: respondent,
      body: { documentSha256: recorded.json.document.sha256 },
    });
    expect(respondentSigned.status, respondentSigned.text).toBeLessThan(300);
    await page.goto(`${base}/cases/${disputeId}/settlement`);
    await page.selectOption('#courtId', court.courtId);
    await submit(page, '[data-testid="apply-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="done"]')).toBe('您的申请已记录。');
    const joinedApplication = await s.h.call('POST', `/v1/settlements/${settlementId}/confirmation-requests`, {
      as: respondent,
      body: { courtId: court.courtId },
    });
    expect(joinedApplication.status, joinedApplication.text).toBeLessThan(300);

    // The court accepts and confirms (API); the ruling is served through electronic service.
    const [request] = (await s.h.call('GET', '/v1/confirmation-requests?status=submitted', { as: court.as })).json
      .items;
    const requestId = request.requestId as string;
    const acceptance = await s.h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
      as: court.as,
      body: { accepted: true },
    });
    expect(acceptance.status, acceptance.text).toBe(200);
    const rulingDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const decided = await s.h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: court.as,
      body: { outcome: 'confirmed', rulingNumber: '(2026)粤0304民特99号', rulingDate },
    });
    expect(decided.status, decided.text).toBe(200);

    // The case page shows the decision and, once the ruling is sent, the way to it.
    await eventually(
      'the ruling is sent to the applicant',
      async () => {
        await page.goto(`${base}/cases/${disputeId}`);
        expect(await page.locator('[data-testid="ruling-link"]').count()).toBe(1);
        await page.goto(`${base}/cases/${disputeId}/ruling`);
        expect(await page.locator('[data-testid="proof"] tbody tr').count()).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 1_000 },
    );
    const casePage = await page.goto(`${base}/cases/${disputeId}`);
    expect(await page.textContent('[data-testid="application-status"]')).toBe('已确认');
    expect(await page.textContent('[data-testid="decision"]')).toContain('(2026)粤0304民特99号');
    await expectAGoodPage(page, 'zh', casePage);

    // The applicant reads the ruling (document, hash, its own proof of service) and signs for it.
    const rulingPage = await submit(page, '[data-testid="ruling-link"]');
    expect(await page.textContent('[data-testid="ruling-sha256"]')).toMatch(/^[0-9a-f]{64}$/);
    // The ruling's own page says how it was served, never that it is still being served.
    expect(await page.locator('[data-testid="ruling-pending"]').count()).toBe(0);
    await expectAGoodPage(page, 'zh', rulingPage);
    const download = await page.request.get(`${base}/cases/${disputeId}/ruling/document`);
    expect(download.status()).toBe(200);
    expect(download.headers()['x-document-sha256']).toBe(await page.textContent('[data-testid="ruling-sha256"]'));
    // Without the confirmation ticked: refused at the field, nothing signed.
    const unticked = await submit(page, '[data-testid="ruling-sign-form"] button[type=submit]');
    expect(unticked?.status()).toBe(400);
    expect(await page.textContent('#confirm-error')).toBe('请勾选确认后再签收');
    await expectAGoodPage(page, 'zh', unticked);
    await page.check('#confirm');
    const signedRuling = await submit(page, '[data-testid="ruling-sign-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="done"]')).toBe('您已签收裁定书。');
    expect(await page.textContent('[data-testid="signed-at"]')).toMatch(/（北京时间）$/);
    expect(await page.locator('[data-testid="ruling-sign-form"]').count()).toBe(0);
    await expectAGoodPage(page, 'zh', signedRuling);
    await chooseLanguage(browser.context, base, 'en');
    const english = await page.goto(`${base}/cases/${disputeId}/ruling`);
    expect(await page.textContent('[data-testid="application-status"]')).toBe('Confirmed');
    await expectAGoodPage(page, 'en', english);
    await page.close();
  }, 180_000);
});
