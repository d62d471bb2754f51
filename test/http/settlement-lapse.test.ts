import { beforeAll, describe, expect, it } from 'vitest';
import { messageRecords } from '../../shared/adapters/dynamodb/message-records';
import { disputeChainId } from '../../shared/domain/mediation/dispute';
import { expireMediation } from '../../shared/use-cases/disputes/expire-mediation';
import { httpHarness } from '../support/http-harness';
import { MemoryDocumentStore } from '../support/memory-document-store';
import { type CaseInMediation, laptopSettlementTerms, putCaseInMediation } from '../support/settlement-fixtures';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** A settable clock: 1 September 2026, 10:00 in Shanghai, unless a test moves it. */
const clock = { current: new Date('2026-09-01T02:00:00.000Z'), now: () => new Date(clock.current) };

let h: Harness;

beforeAll(async () => {
  h = await httpHarness({ clock, documents: new MemoryDocumentStore() });
});

const as = {
  mediator: (c: CaseInMediation): ['mediator', string] => ['mediator', c.mediator.subjectId],
  applicant: (c: CaseInMediation): ['party', string] => ['party', c.applicant.subjectId],
  respondent: (c: CaseInMediation): ['party', string] => ['party', c.respondent.subjectId],
};

/** A case in mediation whose settlement the applicant signed; the respondent holds a signing link. */
async function halfSigned(dispute: Parameters<typeof putCaseInMediation>[2] = {}) {
  clock.current = new Date('2026-09-01T02:00:00.000Z');
  const c = await putCaseInMediation(h.store, clock, dispute);
  const recorded = await h.call('POST', `/v1/disputes/${c.disputeId}/settlement`, {
    as: as.mediator(c),
    body: laptopSettlementTerms(c, 2026),
  });
  expect(recorded.status, recorded.text).toBe(201);
  const { settlementId, document } = recorded.json as { settlementId: string; document: { sha256: string } };
  const signed = await h.call('POST', `/v1/settlements/${settlementId}/signatures`, {
    as: as.applicant(c),
    body: { documentSha256: document.sha256 },
  });
  expect(signed.status, signed.text).toBe(201);
  const sent = await h.call('POST', `/v1/settlements/${settlementId}/signing-links`, {
    as: as.mediator(c),
    body: { partyId: c.respondent.partyId },
  });
  expect(sent.status, sent.text).toBe(202);
  const message = await h.store.get(messageRecords.key(sent.json.messageId));
  const [token, code] = (message?.attributes.secrets ?? []) as [string, string];
  return { c, settlementId, sha256: document.sha256, token, code };
}

/** The milestones the dispute's closing put in the outbox for its parties. */
async function milestonesOf(disputeId: string): Promise<string[]> {
  return (await h.allItems())
    .filter((item) => String(item.pk).startsWith('OUTBOX#') && item.chainId === `CASE#${disputeId}`)
    .flatMap((item) => {
      const milestone = (item.payload as { milestone?: string }).milestone;
      return milestone?.startsWith('mediation_') ? [milestone] : [];
    });
}

/** Every way the respondent could still sign: its session, and the link it was sent (page and form). */
async function signingAttempts(s: Awaited<ReturnType<typeof halfSigned>>) {
  const bySession = await h.call('POST', `/v1/settlements/${s.settlementId}/signatures`, {
    as: as.respondent(s.c),
    body: { documentSha256: s.sha256 },
  });
  const linkPage = await h.call('GET', `/s/${s.token}`, { headers: { 'accept-language': 'en' } });
  const byLink = await h.call('POST', `/s/${s.token}`, {
    rawBody: new URLSearchParams({
      code: s.code,
      idLastDigits: '123X',
      documentSha256: s.sha256,
      agree: 'yes',
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
  });
  const newLink = await h.call('POST', `/v1/settlements/${s.settlementId}/signing-links`, {
    as: as.respondent(s.c),
    body: {},
  });
  return { bySession, linkPage, byLink, newLink };
}

describe('a settlement awaiting signatures when its mediation ends', () => {
  it('lapses with the failure, in the same commit and chained event; no signature or link works after it', async () => {
    const s = await halfSigned();
    clock.current = new Date('2026-09-05T02:00:00.000Z');

    const failed = await h.call('POST', `/v1/disputes/${s.c.disputeId}/outcome`, {
      as: as.mediator(s.c),
      body: {
        kind: 'failed',
        reason: 'no_agreement_on_amount',
        referralSummary: 'The parties disagree on the refund.',
      },
    });

    expect(failed.status, failed.text).toBe(200);
    const view = await h.call('GET', `/v1/settlements/${s.settlementId}`, { as: as.applicant(s.c) });
    expect(view.json).toMatchObject({
      status: 'lapsed',
      lapsed: { reason: 'mediation_failed', at: '2026-09-05T02:00:00.000Z' },
    });
    expect(view.json.signatures).toHaveLength(1);
    const { events } = await h.store.readChain(disputeChainId(s.c.disputeId));
    const last = events.at(-1);
    expect(last?.type).toBe('dispute.failed');
    expect(last?.data).toMatchObject({
      lapsedSettlement: { settlementId: s.settlementId, version: 1, revokedSigningLinks: 1 },
    });
    expect(await milestonesOf(s.c.disputeId), 'every party is told the mediation ended').toEqual(['mediation_failed']);

    const before = await h.allItems();
    const attempts = await signingAttempts(s);
    expect([attempts.bySession.status, attempts.bySession.json.code]).toEqual([422, 'settlement_lapsed']);
    expect(attempts.bySession.headers.get('content-type')).toBe('application/problem+json');
    expect(attempts.bySession.json.details).toMatchObject({ reason: 'mediation_failed' });
    expect(attempts.linkPage.status).toBe(422);
    expect(attempts.linkPage.text).toContain('this settlement lapsed and can no longer be signed');
    expect(attempts.byLink.status).toBe(422);
    expect(attempts.byLink.text).toContain('this settlement lapsed and can no longer be signed');
    expect([attempts.newLink.status, attempts.newLink.json.code]).toEqual([422, 'settlement_lapsed']);
    expect(await h.allItems(), 'a refused signature changes nothing').toEqual(before);
  });

  it('lapses with a withdrawal, naming it as the reason', async () => {
    const s = await halfSigned();

    const withdrawn = await h.call('POST', `/v1/disputes/${s.c.disputeId}/outcome`, {
      as: as.mediator(s.c),
      body: { kind: 'withdrawn', reason: 'party_withdrew' },
    });

    expect(withdrawn.status, withdrawn.text).toBe(200);
    const view = await h.call('GET', `/v1/settlements/${s.settlementId}`, { as: as.mediator(s.c) });
    expect(view.json).toMatchObject({ status: 'lapsed', lapsed: { reason: 'mediation_withdrawn' } });
    expect(await milestonesOf(s.c.disputeId)).toEqual(['mediation_withdrawn']);
    expect((await signingAttempts(s)).bySession.json.code).toBe('settlement_lapsed');
  });

  it('lapses when the reconciler expires the mediation period, once', async () => {
    const s = await halfSigned({
      dispute: { mediationDeadline: { lastDay: '2026-09-10', endsAt: '2026-09-10T16:00:00.000Z' } },
    });
    clock.current = new Date('2026-09-10T16:00:00.000Z');

    const expired = await expireMediation({ store: h.store, clock }, s.c.disputeId);
    const again = await expireMediation({ store: h.store, clock }, s.c.disputeId);

    expect(expired?.status).toBe('expired');
    expect(again).toBeUndefined();
    const view = await h.call('GET', `/v1/settlements/${s.settlementId}`, { as: as.respondent(s.c) });
    expect(view.json).toMatchObject({
      status: 'lapsed',
      lapsed: { reason: 'mediation_expired', at: '2026-09-10T16:00:00.000Z' },
    });
    const expiredEvents = (await h.store.readChain(disputeChainId(s.c.disputeId))).events.filter(
      (event) => event.type === 'dispute.expired',
    );
    expect(expiredEvents.map((event) => event.data.lapsedSettlement)).toEqual([
      { settlementId: s.settlementId, version: 1, revokedSigningLinks: 1 },
    ]);
    expect((await signingAttempts(s)).bySession.json.code).toBe('settlement_lapsed');
  });

  it('leaves an effective settlement alone: the mediation is settled and cannot be recorded as failed', async () => {
    const s = await halfSigned();
    const last = await h.call('POST', `/v1/settlements/${s.settlementId}/signatures`, {
      as: as.respondent(s.c),
      body: { documentSha256: s.sha256 },
    });
    expect(last.json.status).toBe('effective');
    const before = await h.allItems();

    const failed = await h.call('POST', `/v1/disputes/${s.c.disputeId}/outcome`, {
      as: as.mediator(s.c),
      body: { kind: 'failed', reason: 'no_agreement_on_amount', referralSummary: 'Too late.' },
    });
    clock.current = new Date('2100-01-01T00:00:00.000Z');
    const expired = await expireMediation({ store: h.store, clock }, s.c.disputeId);
    clock.current = new Date('2026-09-01T02:00:00.000Z');

    expect([failed.status, failed.json.code]).toEqual([422, 'not_in_mediation']);
    expect(expired).toBeUndefined();
    expect(await h.allItems()).toEqual(before);
    const view = await h.call('GET', `/v1/settlements/${s.settlementId}`, { as: as.applicant(s.c) });
    expect(view.json.status).toBe('effective');
  });
});
