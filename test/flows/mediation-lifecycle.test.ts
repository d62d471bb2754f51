import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import { LocalIssuer } from '../../infra/local/local-issuer';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';
import { DynamoAllowances } from '../../shared/adapters/dynamodb/allowances';
import { DynamoIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import { verifyChain } from '../../shared/domain/hash-chain';
import { partySubjectFor } from '../../shared/domain/mediation/case-party';
import type { Role } from '../../shared/domain/principal';
import { eventually } from '../support/eventually';
import { testProofDeps } from '../support/http-harness';
import { filing, joinAsRespondent, linkedParty, receivedInvitation } from '../support/mediation-api';
import { type OfferHarness, startOfferHarness } from '../support/offer-harness';

/**
 * A dispute from filing to its close through the API, with the outbox relay and the workflows
 * running: the parties' unanimous pick is offered, the mediator accepts, both parties extend the
 * mediation, the mediator records a failure, and a party rates it.
 */
describe('a mediation from filing to rating', () => {
  let h: OfferHarness;
  let tokens: LocalIssuer;
  let app: ReturnType<typeof createApp>;
  let vault: LocalPiiVault;

  beforeAll(async () => {
    h = await startOfferHarness();
    tokens = await LocalIssuer.ephemeral();
    vault = new LocalPiiVault({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) });
    app = createApp({
      store: h.store,
      idempotency: new DynamoIdempotencyStore(h.client, h.tableName, systemClock, vault),
      allowances: new DynamoAllowances(h.client, h.tableName, systemClock),
      authenticator: tokens.authenticator(),
      clock: systemClock,
      ids: randomIds,
      logger: createLogger('lifecycle-test', 'ERROR'),
      vault,
      identityVerifier: new HttpsIdentityVerifier({ settings: async () => undefined }),
      calendar: chinaHolidayCalendar,
      publicBaseUrl: 'http://localhost:3000',
      offers: h.offers.settings,
      health: {},
      proof: testProofDeps(),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function call(method: string, path: string, as: [Role, string], body?: unknown) {
    const response = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${await tokens.sign(...as)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  it('goes from filing to a rated, failed mediation with every step in an intact chain', async () => {
    const operator: [Role, string] = ['operator', 'op-1'];
    const organization = await call('POST', '/v1/organizations', operator, {
      name: 'Nanshan Commercial Mediation Centre',
      kind: 'industry',
      regionCode: '440305',
    });
    const language = h
      .uniqueLanguage()
      .slice(0, 3)
      .replace(/[^a-z]/g, 'q');
    const mediators = [];
    for (const name of ['Chen Jing', 'Wang Lei']) {
      const registered = await call('POST', '/v1/mediators', operator, {
        name,
        subjectId: `sub-${name.replace(' ', '-').toLowerCase()}-${language}`,
        contact: { phone: '+8613700000000' },
        organizationId: organization.json.id,
        specialties: ['online_shopping_contract'],
        languages: [language],
        regions: ['4403'],
        online: true,
        capacity: 2,
        crossBorderQualified: false,
      });
      expect(registered.status).toBe(201);
      mediators.push(registered.json as { id: string; subjectId: string });
    }
    const [, chosen] = mediators;
    if (!chosen) throw new Error('no mediator');

    const applicant = await linkedParty(vault);
    const filed = await call('POST', '/v1/disputes', applicant, filing({ language }));
    expect(filed.status).toBe(201);
    const disputeId = filed.json.id;
    // The relay sends the invitation on its own time and the stored copy is masked once sent: the
    // respondent joins with what its SMS says, as a real one does.
    const invitation = await receivedInvitation(h.gateway, disputeId);
    const joined = await joinAsRespondent(app, invitation);
    expect(joined.status).toBe(201);
    const respondentParty = (await h.store.listByPrefix(`CASE#${disputeId}`, 'PARTY#')).find(
      (entity) => entity.attributes.role === 'respondent',
    );
    const respondent: [Role, string] = [
      'party',
      partySubjectFor({ personHash: String(respondentParty?.attributes.personHash) }),
    ];

    // Both parties pick Wang Lei first: the relay delivers "picks complete" and the offer goes to him.
    expect(
      (await call('POST', `/v1/disputes/${disputeId}/picks`, applicant, { mediatorIds: [chosen.id] })).status,
    ).toBe(200);
    expect(
      (await call('POST', `/v1/disputes/${disputeId}/picks`, respondent, { mediatorIds: [chosen.id] })).status,
    ).toBe(200);
    const mediator: [Role, string] = ['mediator', chosen.subjectId];
    const offers = await eventually('the offer reaches the chosen mediator', async () => {
      const response = await call('GET', '/v1/offers', mediator);
      expect(response.json?.items, "the mediator's open offers").toHaveLength(1);
      return response;
    });
    expect(offers.json.items[0]).toMatchObject({ disputeId, origin: 'unanimous_pick', status: 'open' });

    const accepted = await call('POST', `/v1/offers/${offers.json.items[0].offerId}/accept`, mediator);
    expect(accepted.status).toBe(200);
    const inMediation = await call('GET', `/v1/disputes/${disputeId}`, mediator);
    expect(inMediation.json.dispute).toMatchObject({ status: 'in_mediation', mediatorId: chosen.id });

    // Extension: applies only when both parties agreed, and only once.
    const first = await call('POST', `/v1/disputes/${disputeId}/extension`, applicant);
    expect(first.json.extension).toMatchObject({ used: false });
    const second = await call('POST', `/v1/disputes/${disputeId}/extension`, respondent);
    expect(second.json.extension).toMatchObject({ used: true });
    expect(second.json.mediationDeadline.lastDay > filed.json.mediationDeadline.lastDay).toBe(true);
    expect((await call('POST', `/v1/disputes/${disputeId}/extension`, applicant)).json.code).toBe(
      'extension_already_used',
    );

    // Outcome: a failed pre-filing mediation needs a referral summary; only its mediator records it.
    const other: [Role, string] = ['mediator', mediators[0]?.subjectId ?? ''];
    expect(
      (
        await call('POST', `/v1/disputes/${disputeId}/outcome`, other, {
          kind: 'failed',
          reason: 'no_agreement_on_amount',
        })
      ).status,
    ).toBe(404);
    const noSummary = await call('POST', `/v1/disputes/${disputeId}/outcome`, mediator, {
      kind: 'failed',
      reason: 'no_agreement_on_amount',
    });
    expect(noSummary.status).toBe(422);
    expect(noSummary.json.code).toBe('referral_summary_required');
    const closed = await call('POST', `/v1/disputes/${disputeId}/outcome`, mediator, {
      kind: 'failed',
      reason: 'no_agreement_on_amount',
      referralSummary: 'Parties agree on the defect, not on the refund amount (3,200 vs 1,500 yuan).',
    });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ status: 'failed', outcome: { reason: 'no_agreement_on_amount' } });
    const afterClose = await call('GET', `/v1/mediators/${chosen.id}`, operator);
    expect(afterClose.json).toMatchObject({
      activeCases: 0,
      record: { online_shopping_contract: { settled: 0, closed: 1 } },
    });

    // Ratings feed the mediator's record; a second rating by the same party is a conflicting repeat.
    const rated = await call('POST', `/v1/disputes/${disputeId}/ratings`, applicant, { score: 4 });
    expect(rated.status).toBe(201);
    expect(rated.json).toEqual({ mean: 4, count: 1 });
    expect((await call('POST', `/v1/disputes/${disputeId}/ratings`, applicant, { score: 5 })).status).toBe(409);

    const chain = await h.store.readChain(`CASE#${disputeId}`);
    expect(verifyChain(chain.events, chain.head)).toMatchObject({ intact: true });
    const mediatorChain = await h.store.readChain(`MEDIATOR#${chosen.id}`);
    expect(verifyChain(mediatorChain.events, mediatorChain.head)).toMatchObject({ intact: true });
  }, 60_000);
});
