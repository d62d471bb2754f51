import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageRecords } from '../../shared/adapters/dynamodb/message-records';
import { axeViolations } from '../support/axe';
import {
  filing,
  filingAgainstPerson,
  invitationsOf,
  linkedParty,
  partyOf,
  paymentTerms,
  registerMediator,
  registerOrganization,
} from '../support/mediation-api';
import { chooseLanguage, expectAGoodPage, screens, submit } from '../support/party-pages';
import { enterSignInCode, knownPerson, type PartySite, startPartySite } from '../support/party-site';
import { documentStore } from '../support/service-harness';

describe('the invited respondent in Chromium: reads the claim, then joins or declines', () => {
  let site: PartySite;
  let h: PartySite['s']['h'];
  let base: string;
  let browser: PartySite['browser'];

  beforeAll(async () => {
    // The settlement's document lives in the documents bucket (s3rver in the local stack).
    site = await startPartySite({ deps: { documents: documentStore() } });
    ({ base, browser } = site);
    h = site.s.h;
  }, 120_000);

  afterAll(async () => {
    await site?.stop();
  });

  async function invited() {
    const filed = await h.call('POST', '/v1/disputes', {
      as: await linkedParty(h.deps.vault),
      body: filing({ summary: '卖家发来的笔记本电脑屏幕破裂，拒绝退款。' }),
    });
    expect(filed.status, filed.text).toBe(201);
    const [invitation] = await invitationsOf(h, filed.json.id);
    if (!invitation) throw new Error('no invitation');
    return { disputeId: filed.json.id as string, ...invitation };
  }

  async function disputeStatus(disputeId: string) {
    return (await h.store.get({ pk: `CASE#${disputeId}`, sk: 'ROOT' }))?.attributes.status;
  }

  for (const lang of ['zh', 'en'] as const) {
    it(`(${lang}) a wrong code is refused at its field with input kept; the claim is read, then mediation declined`, async () => {
      const { disputeId, token, code } = await invited();
      const page = await browser.context.newPage();
      page.setDefaultTimeout(15_000);
      await chooseLanguage(browser.context, base, lang);
      const wrong = code === '000000' ? '111111' : '000000';

      // The proof form.
      const opened = await page.goto(`${base}/join/${token}`);
      await expectAGoodPage(page, lang, opened);

      // A wrong code: the error at the field, in the page's language, with what was typed kept.
      await page.fill('#code', wrong);
      await page.fill('#idLastDigits', 'DE1X');
      const refused = await submit(page, '[data-testid="proof-form"] button[type=submit]');
      expect(refused?.status()).toBe(422);
      expect(await page.getAttribute('#code', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#code', 'aria-describedby')).toContain('code-error');
      expect(await page.textContent('#code-error')).toContain(lang === 'zh' ? '不正确' : 'do not match');
      expect(await page.textContent('#code-error')).toMatch(lang === 'zh' ? /还可尝试 \d+ 次/ : /\d+ tries left/);
      expect(await page.inputValue('#code')).toBe(wrong);
      expect(await page.inputValue('#idLastDigits')).toBe('DE1X');
      await expectAGoodPage(page, lang, refused);
      expect(await disputeStatus(disputeId)).not.toBe('declined');

      // The right code: the claim, before any consent.
      await page.fill('#code', code);
      const claim = await submit(page, '[data-testid="proof-form"] button[type=submit]');
      expect(claim?.status()).toBe(200);
      expect(await page.textContent('[data-testid="claim-category"]')).toBe(
        lang === 'zh' ? '网络购物合同' : 'Online shopping contract',
      );
      expect(await page.textContent('[data-testid="claim-amount"]')).toBe(
        lang === 'zh' ? '3,200.00 元' : 'CNY 3,200.00',
      );
      expect(await page.textContent('[data-testid="claim-applicant"]')).toBe('Zhang San');
      expect(await page.textContent('[data-testid="claim-summary"]')).toContain('笔记本电脑屏幕破裂');
      await expectAGoodPage(page, lang, claim);

      // Declining without a reason: refused at the field, nothing changed.
      await page.fill('#note', '已经通过平台客服退款。');
      const noReason = await submit(page, '[data-testid="decline-form"] button[type=submit]');
      expect(noReason?.status()).toBe(400);
      expect(await page.getAttribute('#reason', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#reason-error')).toBe(lang === 'zh' ? '此项必填' : 'This field is required');
      expect(await page.inputValue('#note')).toBe('已经通过平台客服退款。');
      await expectAGoodPage(page, lang, noReason);
      expect(await disputeStatus(disputeId)).not.toBe('declined');

      // Declined, with the reason.
      await page.selectOption('#reason', 'already_resolved');
      const declined = await submit(page, '[data-testid="decline-form"] button[type=submit]');
      expect(declined?.status()).toBe(200);
      expect(await page.textContent('[data-testid="declined"]')).toContain(lang === 'zh' ? '已拒绝调解' : 'declined');
      await expectAGoodPage(page, lang, declined);

      const root = (await h.store.get({ pk: `CASE#${disputeId}`, sk: 'ROOT' }))?.attributes;
      expect(root).toMatchObject({
        status: 'declined',
        declined: { reason: 'already_resolved', note: '已经通过平台客服退款。' },
      });
      const events = (await h.store.readChain(`CASE#${disputeId}`)).events;
      expect(events.at(-1)).toMatchObject({ type: 'dispute.declined', data: { reason: 'already_resolved' } });
      // The applicant is told what it can do next, through the milestone outbox.
      const outbox = (await h.allItems()).filter(
        (item) =>
          String(item.pk).startsWith('OUTBOX#') &&
          (item.payload as { milestone?: string; disputeId?: string } | undefined)?.disputeId === disputeId,
      );
      expect(outbox.map((item) => (item.payload as { milestone: string }).milestone)).toContain('mediation_declined');

      // The link is used up: opening it again says so, in the page's language.
      const again = await page.goto(`${base}/join/${token}`);
      expect(again?.status()).toBe(422);
      await expectAGoodPage(page, lang, again);
      await page.close();
    }, 180_000);
  }

  it('a respondent reads the claim and joins: no token on the page, the way on leads into the party space', async () => {
    const { disputeId, token, code } = await invited();
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await chooseLanguage(browser.context, base, 'en');
    await page.goto(`${base}/join/${token}`);
    await page.fill('#code', code);
    await page.fill('#idLastDigits', 'DE1X');
    await submit(page, '[data-testid="proof-form"] button[type=submit]');

    // A bad phone: refused at the field, input kept, nobody joined.
    await page.fill('#phone', '12');
    await page.check('#agree');
    const badPhone = await submit(page, '[data-testid="join-form"] button[type=submit]');
    expect(badPhone?.status()).toBe(400);
    expect(await page.textContent('#phone-error')).toBe('Not a valid phone number');
    expect(await page.inputValue('#phone')).toBe('12');
    expect(await page.isChecked('#agree')).toBe(true);
    await expectAGoodPage(page, 'en', badPhone);

    // Joins without consent (a company consents after an operator's document check).
    await page.fill('#phone', '');
    await page.uncheck('#agree');
    const joined = await submit(page, '[data-testid="join-form"] button[type=submit]');
    expect(joined?.status()).toBe(201);
    await expectAGoodPage(page, 'en', joined);
    const body = await page.textContent('main');
    expect(body).not.toMatch(/[A-Za-z0-9_-]{100,}/);
    expect(await page.getAttribute('[data-testid="follow-your-case"]', 'href')).toBe(
      `/auth/sign-in?pool=parties&return=${encodeURIComponent(`/cases/${disputeId}`)}`,
    );
    expect(await disputeStatus(disputeId)).not.toBe('declined');
    await page.close();
  }, 180_000);

  /** Opens `path` in each language and checks the page (axe at both screens, `lang`, landmarks, weight). */
  async function goodInBothLanguages(page: Page, path: string) {
    for (const lang of ['zh', 'en'] as const) {
      await chooseLanguage(browser.context, base, lang);
      await expectAGoodPage(page, lang, await page.goto(`${base}${path}`));
    }
  }

  it("the respondent's job through pages only: reads the claim, joins, signs in as itself, ranks its mediators, signs the settlement and rates its mediator", async () => {
    // Prepare (other people's steps, through the API): a person the carrier knows is invited as respondent.
    const organizationId = await registerOrganization(h);
    const first = await registerMediator(h, organizationId, { name: '李明' });
    const second = await registerMediator(h, organizationId, { name: '王芳', languages: ['zh', 'en'] });
    const me = await knownPerson(site, '王五', '19851212');
    const filed = await h.call('POST', '/v1/disputes', {
      as: await linkedParty(h.deps.vault),
      body: filingAgainstPerson(
        { name: me.name, idNumber: me.idNumber, phone: me.mobile },
        { summary: '卖家发来的笔记本电脑屏幕破裂，拒绝退款。' },
      ),
    });
    expect(filed.status, filed.text).toBe(201);
    const disputeId = filed.json.id as string;
    const [invitation] = await invitationsOf(h, disputeId);
    if (!invitation) throw new Error('no invitation');
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);

    // The join page, then the claim read before any consent.
    await goodInBothLanguages(page, `/join/${invitation.token}`);
    await chooseLanguage(browser.context, base, 'zh');
    await page.goto(`${base}/join/${invitation.token}`);
    await page.fill('#code', invitation.code);
    await page.fill('#idLastDigits', me.idNumber.slice(-4));
    const claim = await submit(page, '[data-testid="proof-form"] button[type=submit]');
    expect(claim?.status()).toBe(200);
    expect(await page.textContent('[data-testid="claim-category"]')).toBe('网络购物合同');
    expect(await page.textContent('[data-testid="claim-amount"]')).toBe('3,200.00 元');
    expect(await page.textContent('[data-testid="claim-summary"]')).toContain('笔记本电脑屏幕破裂');
    await expectAGoodPage(page, 'zh', claim);

    // Joins; the way on leads to the sign-in, which this first time needs only the carrier's code.
    const joined = await submit(page, '[data-testid="join-form"] button[type=submit]');
    expect(joined?.status()).toBe(201);
    await expectAGoodPage(page, 'zh', joined);
    await page.click('[data-testid="follow-your-case"]');
    await enterSignInCode(site, page, me.mobile);
    await page.waitForURL(/\/auth\/link/);
    expect(await page.textContent('body')).toContain(me.name);
    // The link page is the sign-in's own (bilingual on one page, outside the page kit): axe-clean at both screens.
    for (const screen of screens) {
      await page.setViewportSize(screen);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.click('#confirm-joined');
    await page.waitForURL(`${base}/cases/${disputeId}`);
    const mine = await h.call('GET', '/v1/disputes', { as: me.as });
    expect(mine.json.items.map((dispute: { id: string }) => dispute.id)).toEqual([disputeId]);

    // Signed in as the respondent: my cases and the case with its recommended mediators.
    await goodInBothLanguages(page, '/');
    await goodInBothLanguages(page, `/cases/${disputeId}`);
    expect(await page.textContent('[data-testid="recommendations"]')).toContain('王芳');

    // Ranks its picks (second first): recorded as the respondent's.
    await page.selectOption('#pick1', second.id);
    await page.selectOption('#pick2', first.id);
    const picked = await submit(page, '[data-testid="picks-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="done"]')).toBe('Your choices are recorded.');
    expect(await page.textContent('[data-testid="my-picks"]')).toBe('Your choices now: 王芳, 李明');
    await expectAGoodPage(page, 'en', picked);
    const respondent = await partyOf(h, disputeId, 'respondent');
    const root = (await h.store.get({ pk: `CASE#${disputeId}`, sk: 'ROOT' }))?.attributes;
    expect((root?.picks as Record<string, unknown> | undefined)?.[respondent.partyId]).toEqual([second.id, first.id]);

    // The operator offers the case to the respondent's first pick, which accepts and records the
    // settlement; the applicant signs it (API).
    const offer = await h.call('POST', `/v1/disputes/${disputeId}/assignment`, {
      as: ['operator', 'op-1'],
      body: { mediatorId: second.id },
    });
    expect(offer.status, offer.text).toBe(201);
    const accepted = await h.call('POST', `/v1/offers/${offer.json.offerId}/accept`, {
      as: ['mediator', second.subjectId],
    });
    expect(accepted.status, accepted.text).toBe(200);
    const applicantParty = await partyOf(h, disputeId, 'applicant');
    const recorded = await h.call('POST', `/v1/disputes/${disputeId}/settlement`, {
      as: ['mediator', second.subjectId],
      body: paymentTerms({ debtor: respondent.partyId, creditor: applicantParty.partyId }, '网购笔记本电脑'),
    });
    expect(recorded.status, recorded.text).toBe(201);
    // The applicant signs through the one-time signing link its mediator sends (its own pages, not
    // signed in): the link alone shows the proof form, the proof the settlement; axe-clean in both
    // languages; an unticked agreement is refused at its field.
    const link = await h.call('POST', `/v1/settlements/${recorded.json.settlementId}/signing-links`, {
      as: ['mediator', second.subjectId],
      body: { partyId: applicantParty.partyId },
    });
    expect(link.status, link.text).toBe(202);
    const linkMessage = await h.store.get(messageRecords.key(link.json.messageId));
    const [signingToken, signingCode] = (linkMessage?.attributes.secrets ?? []) as [string, string];
    const applicantPage = await browser.context.newPage();
    applicantPage.setDefaultTimeout(15_000);
    await goodInBothLanguages(applicantPage, `/s/${signingToken}`);
    expect(await applicantPage.locator('[data-testid="settlement-document"]').count()).toBe(0);
    await applicantPage.fill('#code', signingCode);
    await applicantPage.fill('#idLastDigits', '1234');
    const proven = await submit(applicantPage, '[data-testid="proof-form"] button[type=submit]');
    expect(proven?.status()).toBe(200);
    expect(await applicantPage.textContent('[data-testid="settlement-document"]')).toContain('网购笔记本电脑');
    await expectAGoodPage(applicantPage, 'en', proven);
    const unticked = await submit(applicantPage, '[data-testid="sign-link-form"] button[type=submit]');
    expect(unticked?.status()).toBe(400);
    expect(await applicantPage.textContent('#agree-error')).toBe('Confirm you have read and agree to the settlement');
    await expectAGoodPage(applicantPage, 'en', unticked);
    await applicantPage.check('#agree');
    const linkSigned = await submit(applicantPage, '[data-testid="sign-link-form"] button[type=submit]');
    expect(linkSigned?.status()).toBe(201);
    expect(await applicantPage.textContent('[data-testid="signed"]')).toContain('You have signed version');
    await expectAGoodPage(applicantPage, 'en', linkSigned);
    await applicantPage.close();

    // The respondent reads the settlement on the page and signs it in place: it takes effect.
    await goodInBothLanguages(page, `/cases/${disputeId}`);
    expect(await page.textContent('[data-testid="mediator"]')).toBe('王芳');
    await goodInBothLanguages(page, `/cases/${disputeId}/settlement`);
    expect(await page.textContent('[data-testid="sha256"]')).toBe(recorded.json.document.sha256);
    await page.check('#confirm');
    const signed = await submit(page, '[data-testid="sign-form"] button[type=submit]');
    expect(await page.textContent('[data-testid="done"]')).toBe('You have signed the settlement.');
    await expectAGoodPage(page, 'en', signed);
    const settlement = await h.call('GET', `/v1/settlements/${recorded.json.settlementId}`, { as: me.as });
    expect(settlement.json.status).toBe('effective');
    expect(await disputeStatus(disputeId)).toBe('settled');

    // The mediation has ended: the respondent rates its mediator from the case page.
    await goodInBothLanguages(page, `/cases/${disputeId}`);
    expect(await page.locator('[data-testid="rating-form"]').count()).toBe(1);
    // Without a score: refused at the field, the comment kept, nothing rated.
    await page.fill('#comment', '调解员很耐心，解释清楚。');
    const noScore = await submit(page, '[data-testid="rating-form"] button[type=submit]');
    expect(noScore?.status()).toBe(400);
    expect(await page.textContent('#score-error')).toBe('Choose a score from 1 to 5');
    expect(await page.getAttribute('#score', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#comment')).toBe('调解员很耐心，解释清楚。');
    await expectAGoodPage(page, 'en', noScore);
    expect(await h.store.listByPrefix(`CASE#${disputeId}`, 'RATING#')).toHaveLength(0);
    await page.selectOption('#score', '5');
    const rated = await submit(page, '[data-testid="rating-form"] button[type=submit]');
    expect(rated?.status()).toBe(200);
    expect(await page.textContent('[data-testid="rating-done"]')).toBe('Thank you for your rating.');
    expect(await page.textContent('[data-testid="given-score"]')).toBe('Your rating: 5 of 5');
    expect(await page.textContent('[data-testid="given-comment"]')).toBe('调解员很耐心，解释清楚。');
    await expectAGoodPage(page, 'en', rated);
    const mediatorNow = await h.call('GET', `/v1/mediators/${second.id}`, { as: ['operator', 'op-1'] });
    expect(mediatorNow.json.rating).toEqual({ mean: 5, count: 1 });
    // Shown again later: the rating given, no form.
    await goodInBothLanguages(page, `/cases/${disputeId}`);
    expect(await page.textContent('[data-testid="given-score"]')).toBe('Your rating: 5 of 5');
    expect(await page.locator('[data-testid="rating-form"]').count()).toBe(0);
    await page.close();
  }, 240_000);
});
