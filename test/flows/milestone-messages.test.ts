import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxPendingIndexOf } from '../../shared/adapters/dynamodb/table-schema';
import { partySubjectFor } from '../../shared/domain/mediation/case-party';
import { smsSegments } from '../../shared/domain/messages/sms-segments';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { onMilestoneReached } from '../../shared/use-cases/milestones/announce-milestone';
import { signingLinksOf } from '../../shared/use-cases/settlements/signing-links';
import { eventually } from '../support/eventually';
import {
  assignAndAccept,
  fileAndJoin,
  filing,
  freshMobile,
  laptopPaymentTerms,
  linkedParty,
  registerCourt,
  registerMediator,
  registerOrganization,
} from '../support/mediation-api';
import { type ServiceHarness, startServiceHarness } from '../support/service-harness';

/**
 * Milestones on the local stack (HTTP app, outbox relay, message workflows, SMS gateway, SES
 * emulator): the parties of a dispute hear that their mediator accepted and that the settlement is
 * ready to sign, by short SMS (signed, with a /verify reference, a signing link that opens) and by
 * email; an outbox item delivered again sends nothing twice.
 */
describe('milestone messages', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceHarness();
  });
  afterAll(() => h?.stop());

  it('tells both parties by SMS and email, once, and the signing link in the SMS opens', async () => {
    // Prepare: a dispute in Chinese, the applicant with a phone and an email, the respondent joined.
    const applicantPhone = freshMobile();
    const applicantEmail = `applicant-${Date.now()}@example.com`;
    const base = filing();
    const [applicantFiling, respondentFiling] = base.parties as Array<Record<string, unknown>>;
    const respondentPhone = String((respondentFiling?.contact as { phone?: string } | undefined)?.phone);
    const applicant = await linkedParty(h.httpDeps.vault);
    const { disputeId, invitation } = await fileAndJoin(h as never, applicant, {
      ...base,
      parties: [{ ...applicantFiling, contact: { phone: applicantPhone, email: applicantEmail } }, respondentFiling],
    });
    expect(invitation?.token, 'the invitation links to /j/ with a 17-character token').toMatch(/^[0-9A-Za-z]{17}$/);
    const organizationId = await registerOrganization(h as never);
    const chosen = await registerMediator(h as never, organizationId, {
      contact: { email: `mediator-${Date.now()}@example.com` },
    });
    const mediator: ['mediator', string] = ['mediator', chosen.subjectId];

    // Act: an operator assigns the mediator, who accepts.
    await assignAndAccept(h as never, disputeId, { id: chosen.id, as: mediator });

    // Assess: each party's phone gets one short, signed SMS with a reference /verify confirms.
    const acceptedSms = (phone: string) =>
      h.smsTo(phone).filter((message) => message.message.includes('调解员已接受委派'));
    await eventually(
      'both parties are told the mediator accepted',
      () => acceptedSms(applicantPhone).length === 1 && acceptedSms(respondentPhone).length === 1,
      { timeout: 20_000 },
    );
    const text = acceptedSms(applicantPhone)[0]?.message ?? '';
    expect(text).toMatch(/^【多元解纷】/);
    expect(smsSegments(text)).toBe(1);
    const reference = /核验编号(MS[2-9A-Z]{10})/.exec(text)?.[1] as string;
    const verified = await h.app.request(`/verify?ref=${reference}`);
    expect(verified.status).toBe(200);
    expect(await verified.text()).toContain('data-verdict="genuine"');
    await eventually(
      'the applicant is told by email too',
      async () => (await h.emailsTo(applicantEmail)).some((mail) => mail.subject.includes('调解员已接受委派')),
      { timeout: 20_000 },
    );

    // Act: the outbox item is delivered again (as a stream or the reconciler may), through the relay.
    const items = await h.allItems();
    const item = items.find(
      (candidate) =>
        String(candidate.pk).startsWith('OUTBOX#') &&
        candidate.type === 'milestone.reached' &&
        candidate.chainId === `CASE#${disputeId}` &&
        (candidate.payload as { milestone?: string }).milestone === 'mediator_accepted',
    );
    expect(item?.status).toBe('done');
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: { pk: item?.pk, sk: item?.sk },
        UpdateExpression: 'SET #status = :pending, gsi1pk = :index, gsi1sk = :order',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':index': outboxPendingIndexOf(String(item?.id)),
          ':order': `${new Date().toISOString()}#${item?.id}`,
        },
      }),
    );
    await eventually(
      'the relay delivers the item again',
      async () => {
        const again = (await h.allItems()).find((candidate) => candidate.pk === item?.pk);
        return again?.status === 'done';
      },
      { timeout: 20_000 },
    );

    // Assess: nothing was sent twice.
    const chain = await h.store.readChain(`CASE#${disputeId}`);
    const announced = chain.events.filter(
      (event) => event.type === 'milestone.announced' && event.data.milestone === 'mediator_accepted',
    );
    expect(announced).toHaveLength(2); // one per party
    expect(acceptedSms(applicantPhone)).toHaveLength(1);
    expect(acceptedSms(respondentPhone)).toHaveLength(1);

    // Act: the mediator records the settlement.
    const partyItems = await h.store.listByPrefix(`CASE#${disputeId}`, 'PARTY#');
    const partyOf = (role: string) => partyItems.find((entity) => entity.attributes.role === role)?.attributes;
    const recorded = await h.call('POST', `/v1/disputes/${disputeId}/settlement`, {
      as: mediator,
      body: laptopPaymentTerms({
        debtor: String(partyOf('respondent')?.partyId),
        creditor: String(partyOf('applicant')?.partyId),
      }),
    });
    expect(recorded.status, recorded.text).toBe(201);

    // Assess: each party gets a signing link of at most two segments, and the link opens the settlement.
    const signingSms = (phone: string) => h.smsTo(phone).filter((message) => message.message.includes('/s/'));
    await eventually(
      'both parties are sent the settlement to sign',
      () => signingSms(applicantPhone).length === 1 && signingSms(respondentPhone).length === 1,
      { timeout: 20_000 },
    );
    for (const phone of [applicantPhone, respondentPhone]) {
      const sms = signingSms(phone)[0]?.message ?? '';
      expect(sms).toMatch(/^【多元解纷】请签署纠纷/);
      expect(smsSegments(sms)).toBeLessThanOrEqual(2);
      const token = /\/s\/([0-9A-Za-z]{17}) /.exec(sms)?.[1] as string;
      const page = await h.app.request(`/s/${token}`);
      expect(page.status, `the signing link of ${sms}`).toBe(200);
    }
    await eventually(
      'the applicant has the signing link by email as well',
      async () => (await h.emailsTo(applicantEmail)).some((mail) => mail.subject.includes('待签署调解协议')),
      { timeout: 20_000 },
    );

    // Milestones are not counted against sends others trigger (three a day, the second 10 minutes
    // after the first): the mediator may send the applicant a signing link at once.
    const sent = await h.call('POST', `/v1/settlements/${recorded.json.settlementId}/signing-links`, {
      as: mediator,
      body: { partyId: String(partyOf('applicant')?.partyId) },
    });
    expect(sent.status, sent.text).toBe(202);

    // Act: both sign; the applicant applies for confirmation alone.
    const respondent: ['party', string] = [
      'party',
      partySubjectFor({ personHash: String(partyOf('respondent')?.personHash) }),
    ];
    for (const as of [applicant, respondent]) {
      const signed = await h.call('POST', `/v1/settlements/${recorded.json.settlementId}/signatures`, {
        as,
        body: { documentSha256: recorded.json.document.sha256 },
      });
      expect(signed.status, signed.text).toBeLessThan(300);
    }
    const { courtId } = await registerCourt(h as never);
    const applied = await h.call('POST', `/v1/settlements/${recorded.json.settlementId}/confirmation-requests`, {
      as: applicant,
      body: { courtId },
    });
    expect(applied.json.status, applied.text).toBe('gathering');

    // Assess: the respondent, who has yet to join, is told to; the applicant is not.
    const toJoin = (phone: string) => h.smsTo(phone).filter((message) => message.message.includes('加入申请'));
    await eventually('the respondent is told to join the application', () => toJoin(respondentPhone).length === 1, {
      timeout: 20_000,
    });
    expect(smsSegments(toJoin(respondentPhone)[0]?.message ?? '')).toBe(1);
    expect(toJoin(applicantPhone)).toHaveLength(0);
  }, 120_000);

  it('skips a party with no contact on its record, reports it, and still tells the others', async () => {
    // Prepare: a dispute filed and joined; the applicant's record then holds no contact (as a
    // record from before contacts were required would: the API no longer accepts such a filing).
    const { disputeId } = await fileAndJoin(h as never, await linkedParty(h.httpDeps.vault), filing());
    const parties = await h.store.listByPrefix(`CASE#${disputeId}`, 'PARTY#');
    const applicantItem = parties.find((entity) => entity.attributes.role === 'applicant');
    const respondentItem = parties.find((entity) => entity.attributes.role === 'respondent');
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: applicantItem?.key,
        UpdateExpression: 'SET contact = :none REMOVE serviceAddress',
        ExpressionAttributeValues: { ':none': {} },
      }),
    );
    const respondentPhone = String((respondentItem?.attributes.contact as { phone?: string } | undefined)?.phone);
    const skipped: unknown[] = [];
    const clock = { now: () => new Date() };
    const ids = { next: (prefix: string) => `${prefix}_${randomUUID()}` };
    const requestMessage = messageRequests({ store: h.store, clock, ids });
    const announce = onMilestoneReached({
      store: h.store,
      publicBaseUrl: 'http://localhost:3000',
      requestMessage,
      prepareSigningLink: signingLinksOf({
        store: h.store,
        clock,
        ids,
        publicBaseUrl: h.settings.publicBaseUrl,
        requestMessage,
      }),
      onSkipped: (what) => skipped.push(what),
    });

    // Act: the consumer handles a milestone of this dispute
    await announce({
      id: `obx_${randomUUID()}`,
      type: 'milestone.reached',
      payload: { milestone: 'application_submitted', disputeId },
      chainId: `CASE#${disputeId}`,
      eventSeq: 1,
      createdAt: new Date().toISOString(),
    });

    // Assess: reported, not thrown; the respondent is told.
    expect(skipped).toEqual([
      {
        milestone: 'application_submitted',
        disputeId,
        partyId: applicantItem?.attributes.partyId,
        reason: 'no_contact',
      },
    ]);
    await eventually(
      'the respondent is told the application was submitted',
      () => h.smsTo(respondentPhone).some((message) => message.message.includes('司法确认申请已提交')),
      { timeout: 20_000 },
    );
    const chain = await h.store.readChain(`CASE#${disputeId}`);
    const announced = chain.events.filter((event) => event.type === 'milestone.announced');
    expect(announced.map((event) => event.data.partyId)).toEqual([respondentItem?.attributes.partyId]);
  }, 120_000);
});
