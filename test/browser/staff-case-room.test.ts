import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import { listPersonalDataViews } from '../../shared/use-cases/audit/personal-data-views';
import { axeEverywhere, axeViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
import { httpHarness } from '../support/http-harness';
import { type LoopbackSite, serveBehindLocalEdge } from '../support/local-edge';
import {
  acceptAndConfirm,
  filing,
  invitationsOf,
  joinAsRespondent,
  linkedParty,
  operator,
  partyOf,
  registerCourt,
  registerMediator,
  registerOrganization,
} from '../support/mediation-api';
import { documentStore } from '../support/service-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

const applicantPhone = '13812345678';

describe('the mediator’s case room in Chromium', () => {
  let h: Harness;
  let site: LoopbackSite;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let mediator: { id: string; subjectId: string };
  let disputeId: string;
  let offerId: string;
  let applicant: { partyId: string; as: ['party', string] };
  let respondent: { partyId: string; as: ['party', string] };

  beforeAll(async () => {
    // Prepare: the app on a loopback port behind the local edge (with the local signer, as `npm
    // start` wires it); a mediator; a dispute filed by a party, joined by the respondent and offered
    // to the mediator by an operator.
    // Settlement documents go to the local S3 (s3rver), as `npm start` keeps them.
    h = await httpHarness({ documents: documentStore() });
    const app = createApp({ ...h.deps, issueLocalToken: (role, id) => h.tokens.sign(role, id) });
    site = await serveBehindLocalEdge(app.fetch, h.tokens.authenticator());
    base = site.base;

    const organizationId = await registerOrganization(h);
    mediator = await registerMediator(h, organizationId, { name: '王调解 Wang' });
    const filed = await h.call('POST', '/v1/disputes', { as: await linkedParty(h.deps.vault), body: filing() });
    expect(filed.status, filed.text).toBe(201);
    disputeId = filed.json.id;
    const [invitation] = await invitationsOf(h, disputeId);
    const joined = await joinAsRespondent(h.app, invitation);
    expect(joined.status).toBeLessThan(400);
    const applicantParty = await partyOf(h, disputeId, 'applicant');
    const respondentParty = await partyOf(h, disputeId, 'respondent');
    applicant = { partyId: applicantParty.partyId, as: ['party', applicantParty.subjectId ?? ''] };
    respondent = { partyId: respondentParty.partyId, as: ['party', respondentParty.subjectId ?? ''] };
    expect(respondentParty.subjectId).toBeTruthy();
    const offered = await h.call('POST', `/v1/disputes/${disputeId}/assignment`, {
      as: operator,
      body: { mediatorId: mediator.id },
    });
    expect(offered.status, offered.text).toBe(201);
    offerId = offered.json.offerId;

    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    // A locator that finds nothing fails with its own message, well inside the test's timeout.
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('accepts the offer and opens the case room with the parties, their contacts, the summary and the deadlines', async () => {
    await page.goto(`${base}/inbox`);
    await page.selectOption('#mediatorId', mediator.id);
    await page.getByTestId('pick-sign-in').click();
    await page.locator(`[data-offer-id="${offerId}"]`).getByRole('button', { name: '接受' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已接受');

    await page.getByTestId('active-cases').locator(`[data-dispute-id="${disputeId}"]`).getByTestId('open-room').click();

    expect(page.url()).toBe(`${base}/inbox/disputes/${disputeId}`);
    const parties = await page.getByTestId('parties').textContent();
    expect(parties).toContain('Zhang San');
    expect(parties).toContain('Shenzhen Good Goods Ltd');
    expect(
      await page.locator(`[data-party-id="${applicant.partyId}"] [data-testid="contact-phone"]`).textContent(),
    ).toContain(applicantPhone);
    expect(await page.getByTestId('case-summary').textContent()).toContain('damaged laptop');
    expect(await page.locator('#deadlines-heading').count()).toBe(1);
    expect(await page.getByTestId('timeline').locator('tbody tr').count()).toBeGreaterThan(1);
  }, 120_000);

  it('writes each view of the contacts to the audit log with who, when and why', async () => {
    const before = await listPersonalDataViews(h, { kind: 'dispute', id: disputeId });
    const openedAt = Date.now();

    await page.reload();

    const after = await listPersonalDataViews(h, { kind: 'dispute', id: disputeId });
    expect(after.length).toBe(before.length + 1);
    const latest = after.at(-1);
    expect(latest).toMatchObject({
      viewer: { role: 'mediator', subjectId: mediator.subjectId },
      purpose: { kind: 'dispute', id: disputeId },
      page: '/inbox/disputes/{id}',
    });
    expect(Math.abs(Date.parse(latest?.at ?? '') - openedAt)).toBeLessThan(60_000);
    expect(latest?.subjects).toEqual(expect.arrayContaining([{ ref: applicant.partyId, fields: ['phone'] }]));
    // The log says whose data was shown, never the data itself.
    expect(JSON.stringify(after)).not.toContain(applicantPhone);
  });

  it('names each event of the timeline and who acted in the page’s language, never by its machine name', async () => {
    await page.goto(`${base}/inbox/disputes/${disputeId}`);
    const timeline = page.getByTestId('timeline').locator('tbody');
    const filed = timeline.locator('[data-event-type="dispute.filed"]');

    expect(await filed.textContent()).toBe('提交纠纷');
    expect(await timeline.locator('[data-event-type="offer.accepted"]').first().textContent()).not.toContain('offer.');
    expect(await timeline.textContent()).not.toMatch(/\b(dispute|offer|message)\.[a-z_]+|\boperator\b|\bmediator\b/);
  });

  it('leaves who owes and who is owed to the mediator, and says so at the field when left unchosen', async () => {
    const form = page.getByTestId('settlement-form');
    // No party is chosen by its place in the list: the mediator chooses, each named with its role.
    expect(await form.getByLabel('义务人', { exact: true }).inputValue()).toBe('');
    expect(await form.getByLabel('权利人', { exact: true }).inputValue()).toBe('');
    expect(await form.getByLabel('义务人', { exact: true }).textContent()).toContain('被申请人');
    await form.getByLabel('金额（付款）', { exact: true }).fill('3200');
    await form.getByLabel('到期日', { exact: true }).fill('2099-01-31');
    await form.getByLabel('标的', { exact: true }).fill('网购笔记本电脑买卖 / Sale of a laptop online');
    await form.getByRole('button', { name: '预览协议书' }).click();

    const debtor = page.getByTestId('settlement-form').getByLabel('义务人', { exact: true });
    expect(await debtor.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error-debtor').textContent()).toBe('请选择义务人');
    expect(await page.locator('#error-creditor').textContent()).toBe('请选择权利人');
    expect(await page.getByTestId('preview').count()).toBe(0);
  });

  it('keeps the input and shows the problem at the field when the terms break a rule', async () => {
    const form = page.getByTestId('settlement-form');
    await form.getByLabel('义务人', { exact: true }).selectOption(respondent.partyId);
    await form.getByLabel('权利人', { exact: true }).selectOption(applicant.partyId);
    await form.getByLabel('金额（付款）', { exact: true }).fill('32x');
    await form.getByLabel('到期日', { exact: true }).fill('2099-01-31');
    await form.getByLabel('标的', { exact: true }).fill('网购笔记本电脑买卖 / Sale of a laptop online');
    await form.getByRole('button', { name: '预览协议书' }).click();

    const amount = page.getByTestId('settlement-form').getByLabel('金额（付款）', { exact: true });
    expect(await amount.inputValue()).toBe('32x');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error-amount').textContent()).toContain('金额须为数字');
    expect(await page.getByTestId('settlement-form').getByLabel('标的', { exact: true }).inputValue()).toContain(
      'Sale of a laptop',
    );
    expect((await axeViolations(page)).join('\n')).toBe('');
  });

  it('says at the subject matter’s field, in the page’s words, that it was left empty', async () => {
    const form = page.getByTestId('settlement-form');
    await form.getByLabel('金额（付款）', { exact: true }).fill('3200');
    await form.getByLabel('标的', { exact: true }).fill('');
    await form.getByRole('button', { name: '预览协议书' }).click();

    const subject = page.getByTestId('settlement-form').getByLabel('标的', { exact: true });
    expect(await subject.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error-subject').textContent()).toBe('请写明标的');
    await subject.fill('网购笔记本电脑买卖 / Sale of a laptop online');
  });

  it('previews the canonical document, records the settlement and sends it for signing', async () => {
    const form = page.getByTestId('settlement-form');
    await form.getByLabel('金额（付款）', { exact: true }).fill('3200');
    // Paid in two instalments, and the buyer returns the box: a second obligation.
    await form
      .getByLabel('分期（可选，每行一期：到期日 金额）', { exact: true })
      .fill('2099-01-31 1200\n2099-02-28 2000');
    await form.getByLabel('第二项：义务类型').selectOption('act');
    await form.getByLabel('第二项：义务人').selectOption(applicant.partyId);
    await form.getByLabel('第二项：权利人').selectOption(respondent.partyId);
    await form.getByLabel('第二项：到期日').fill('2099-01-15');
    await form.getByLabel('第二项：履行内容（履行行为）').fill('退回包装盒 / Return the box');
    await form.getByLabel('其他条款（每行一条）').fill('各方自行承担费用。\nEach party bears its own costs.');
    await form.getByRole('button', { name: '预览协议书' }).click();

    const preview = page.getByTestId('preview');
    expect(await preview.textContent()).toContain('CNY 3,200.00');
    expect(await preview.textContent()).toContain('2099-02-28');
    expect(await preview.textContent()).toContain('Return the box');
    expect(await preview.textContent()).toContain('Shenzhen Good Goods Ltd');
    expect((await axeViolations(page)).join('\n')).toBe('');
    expect(await h.store.settlements.settlementOfDispute(disputeId)).toBeUndefined();

    await page.getByTestId('record-settlement').click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('调解协议已记录');
    expect(await page.getByTestId('settlement-status').textContent()).toBe('待签署');
    const stored = await h.store.settlements.settlementOfDispute(disputeId);
    expect(stored?.settlement).toMatchObject({ status: 'awaiting_signatures', version: 1 });
    expect(stored?.settlement.obligations).toMatchObject([
      { kind: 'payment', amountMinor: 320_000, instalments: [{ amountMinor: 120_000 }, { amountMinor: 200_000 }] },
      { kind: 'act', debtor: applicant.partyId, dueDate: '2099-01-15' },
    ]);

    // The same form sent again (a double click, a reload of the answer) records nothing new.
    const again = await page.request.post(`${base}/inbox/disputes/${disputeId}/settlement`, {
      headers: { origin: base },
      form: {
        csrf: await page.locator('input[name="csrf"]').first().inputValue(),
        intent: 'record',
        kind: 'payment',
        debtor: respondent.partyId,
        creditor: applicant.partyId,
        amount: '3200',
        currency: 'CNY',
        dueDate: '2099-01-31',
        instalments: '2099-01-31 1200\n2099-02-28 2000',
        kind2: 'act',
        debtor2: applicant.partyId,
        creditor2: respondent.partyId,
        currency2: 'CNY',
        dueDate2: '2099-01-15',
        description2: '退回包装盒 / Return the box',
        clauses: '各方自行承担费用。\nEach party bears its own costs.',
        subject: '网购笔记本电脑买卖 / Sale of a laptop online',
      },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect((await h.store.settlements.settlementOfDispute(disputeId))?.settlement.version).toBe(1);

    // The invitation was the last message another party triggered to the respondent: sends others
    // trigger are spaced (ten minutes at least), so the link waits until then.
    h.clock.advance(11 * 60_000);
    await page
      .getByTestId('signatures')
      .locator(`tr[data-party-id="${respondent.partyId}"]`)
      .getByRole('button', { name: /发送签署链接/ })
      .click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('签署链接已发送');
    // Done: the row says when, and the button offers to send again rather than the same action.
    const row = page.getByTestId('signatures').locator(`tr[data-party-id="${respondent.partyId}"]`);
    expect(await row.getByTestId('link-sent').textContent()).toContain('已发送');
    expect(await row.getByRole('button', { name: /重新发送签署链接/ }).count()).toBe(1);
    expect(await row.getByRole('button', { name: /^发送签署链接/ }).count()).toBe(0);
    const chain = await h.store.readChain(`CASE#${disputeId}`);
    expect(chain.events.some((event) => event.type === 'settlement.signing_link_sent')).toBe(true);

    await page.getByTestId('document-link').click();
    expect(await page.getByTestId('settlement-document').textContent()).toContain(stored?.settlement.document.sha256);
  });

  it('shows the signatures and the settlement in effect once every party signed, then the case among closed cases', async () => {
    const stored = await h.store.settlements.settlementOfDispute(disputeId);
    for (const party of [applicant, respondent]) {
      const signed = await h.call('POST', `/v1/settlements/${stored?.settlement.settlementId}/signatures`, {
        as: party.as,
        body: { documentSha256: stored?.settlement.document.sha256 },
      });
      expect(signed.status, signed.text).toBeLessThan(300);
    }

    await page.goto(`${base}/inbox/disputes/${disputeId}`);

    expect(await page.getByTestId('settlement-status').textContent()).toBe('已生效');
    const signatures = await page.getByTestId('signatures').getByTestId('signature').allTextContents();
    expect(signatures).toHaveLength(2);
    for (const signature of signatures) expect(signature).toContain('已签署');
    expect(await page.getByTestId('status').textContent()).toBe('调解成功');
    // Closed: the contacts are no longer the mediator's to see.
    expect(await page.getByTestId('contact-phone').count()).toBe(0);
    expect((await h.store.disputes.dispute(disputeId)).dispute.status).toBe('settled');

    await page.goto(`${base}/inbox`);
    const closed = page.getByTestId('closed-cases').locator(`tr[data-dispute-id="${disputeId}"]`);
    expect(await closed.getByTestId('outcome').textContent()).toContain('调解成功');
    expect(await page.getByTestId('active-cases').locator(`[data-dispute-id="${disputeId}"]`).count()).toBe(0);
  });

  it('shows the court’s answer in the case room: the application, its court and the ruling', async () => {
    // Prepare: both parties apply to a competent court, which accepts and confirms.
    const settlementId = (await h.store.settlements.settlementOfDispute(disputeId))?.settlement.settlementId;
    const court = await registerCourt(h);
    await page.goto(`${base}/inbox/disputes/${disputeId}`);
    expect(await page.getByTestId('confirmations').textContent()).toContain('当事人尚未申请司法确认');
    for (const party of [applicant, respondent]) {
      const applied = await h.call('POST', `/v1/settlements/${settlementId}/confirmation-requests`, {
        as: party.as,
        body: { courtId: court.courtId },
      });
      expect(applied.status, applied.text).toBeLessThan(300);
    }
    const [request] = await h.store.confirmationRequests.requestsOfSettlement(settlementId ?? '');
    await acceptAndConfirm(h, court.as, request?.requestId ?? '', '（2026）粤0304民特1号');

    // Act: the mediator opens the case room again.
    await page.goto(`${base}/inbox/disputes/${disputeId}`);

    // Assess: the court by name, the status and the ruling's number, in the page's language.
    const application = page.getByTestId('confirmations').locator(`[data-request-id="${request?.requestId}"]`);
    expect(await application.locator('h3').textContent()).toBe('深圳市福田区人民法院');
    expect(await application.getByTestId('application-status').textContent()).toBe('已确认');
    expect(await application.getByTestId('ruling').textContent()).toContain('（2026）粤0304民特1号');
  }, 60_000);

  it('changes the mediator’s availability and online status', async () => {
    await page.goto(`${base}/inbox`);
    const availability = page.getByTestId('availability');
    expect(await availability.getByTestId('online-status').textContent()).toBe('在线');

    await availability.getByLabel('接受线上调解').uncheck();
    await availability.getByLabel('休假开始（含）').fill('2099-02-01');
    await availability.getByLabel('休假结束（含）').fill('2099-02-07');
    await availability.getByRole('button', { name: '保存' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('可接案状态已保存');
    expect(await page.getByTestId('online-status').textContent()).toBe('离线');
    const response = await h.call('GET', `/v1/mediators/${mediator.id}`, { as: operator });
    expect(response.json).toMatchObject({ online: false, leave: [{ from: '2099-02-01', to: '2099-02-07' }] });
  });

  it('switches the language with the switch and comes back to the same page', async () => {
    await page.goto(`${base}/inbox/disputes/${disputeId}`);
    await page.getByTestId('lang-switch').click();

    expect(page.url()).toBe(`${base}/inbox/disputes/${disputeId}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('settlement-status').textContent()).toBe('In effect');
    await page.getByTestId('lang-switch').click();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('passes axe-core on every mediator page in both languages on a phone and a laptop', async () => {
    const settlementId = (await h.store.settlements.settlementOfDispute(disputeId))?.settlement.settlementId;
    const found: string[] = [];
    for (const path of ['/inbox', `/inbox/disputes/${disputeId}`, `/inbox/settlements/${settlementId}/document`]) {
      found.push(...(await axeEverywhere(context, base, path)));
    }
    expect(found.join('\n')).toBe('');
  }, 180_000);

  it('passes axe-core on the sign-in page too', async () => {
    await context.clearCookies();
    expect((await axeEverywhere(context, base, '/inbox')).join('\n')).toBe('');
  }, 120_000);
});
