import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partySubjectFor } from '../../shared/domain/mediation/case-party';
import { onConfirmationDecided } from '../../shared/use-cases/confirmations/serve-ruling';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { serviceRecorderOf } from '../../shared/use-cases/service/request-service';
import { eventually } from '../support/eventually';
import {
  filing,
  invitationsOf,
  joinAsRespondent,
  operator,
  registerCourt,
  registerMediator,
  registerOrganization,
  verifyByDocument,
} from '../support/mediation-api';
import { designationEvidence } from '../support/portal-fixtures';
import { type ServiceHarness, startServiceHarness } from '../support/service-harness';

/** A CN mobile number no other test uses (139 + 8 digits). */
const mobile = () => `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/**
 * Flow 2 end to end on the local stack (HTTP app, outbox relay, workflow runner, SMS gateway, SES
 * and S3 emulators): a dispute filed on a court's invitation, joined, mediated, settled, signed by
 * both parties, applied for, accepted and confirmed; the ruling is then served on both parties and
 * its proof of service verifies.
 */
describe('judicial confirmation end to end', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceHarness();
  });
  afterAll(() => h?.stop());

  it('from filing a dispute to a confirmed ruling served on both parties, with the proof verified', async () => {
    // A court (a machine client), an organization and its mediator on the roster.
    const { courtId, as: court } = await registerCourt(h as never);
    const organizationId = await registerOrganization(h as never);
    const mediatorEmail = `mediator-${Date.now()}@example.com`;
    const chosen = await registerMediator(h as never, organizationId, { contact: { email: mediatorEmail } });
    const mediator: ['mediator', string] = ['mediator', chosen.subjectId];

    // The applicant files on the court's invitation; the respondent joins through the invitation.
    const applicant: ['party', string] = ['party', `applicant-${Date.now()}`];
    const filed = await h.call('POST', '/v1/disputes', { as: applicant, body: filing({ courtId }) });
    expect(filed.status, filed.text).toBe(201);
    const disputeId = filed.json.id as string;
    const [invitation] = await invitationsOf(h as never, disputeId);
    const joined = await joinAsRespondent(h.app, invitation);
    expect(joined.status, await joined.clone().text()).toBe(201);
    const partyItems = await h.store.listByPrefix(`CASE#${disputeId}`, 'PARTY#');
    const partyOf = (role: string) => partyItems.find((entity) => entity.attributes.role === role)?.attributes;
    const applicantPartyId = String(partyOf('applicant')?.partyId);
    const respondentPartyId = String(partyOf('respondent')?.partyId);
    const respondent: ['party', string] = [
      'party',
      partySubjectFor({ personHash: String(partyOf('respondent')?.personHash) }),
    ];
    // Both consent to electronic service once an operator has checked their identity documents
    // (a company cannot be matched to a mobile by a carrier).
    for (const [partyId, kind, as] of [
      [applicantPartyId, 'resident_id', applicant],
      [respondentPartyId, 'company_credit_code', respondent],
    ] as const) {
      await verifyByDocument(h as never, disputeId, partyId, kind);
      const consent = await h.call('POST', `/v1/disputes/${disputeId}/parties/${partyId}/consent`, {
        as,
        body: { basis: 'platform_declaration' },
      });
      expect(consent.status, consent.text).toBe(200);
    }

    // An operator assigns the mediator, who accepts.
    const assigned = await h.call('POST', `/v1/disputes/${disputeId}/assignment`, {
      as: operator,
      body: { mediatorId: chosen.id },
    });
    expect(assigned.status, assigned.text).toBe(201);
    const accepted = await h.call('POST', `/v1/offers/${assigned.json.offerId}/accept`, { as: mediator });
    expect(accepted.status, accepted.text).toBe(200);

    // The mediator records the settlement; both parties sign its document hash.
    const recorded = await h.call('POST', `/v1/disputes/${disputeId}/settlement`, {
      as: mediator,
      body: {
        obligations: [
          {
            kind: 'payment',
            debtor: respondentPartyId,
            creditor: applicantPartyId,
            amountMinor: 320_000,
            currency: 'CNY',
            instalments: [{ dueDate: '2099-01-31', amountMinor: 320_000 }],
          },
        ],
        clauses: ['Each party bears its own costs.'],
        subjectMatter: { description: 'Sale of a laptop online', touchesPersonalStatus: false, confirmsTitle: false },
      },
    });
    expect(recorded.status, recorded.text).toBe(201);
    const settlementId = recorded.json.settlementId as string;
    const documentSha256 = recorded.json.document.sha256 as string;
    for (const party of [applicant, respondent]) {
      const signed = await h.call('POST', `/v1/settlements/${settlementId}/signatures`, {
        as: party,
        body: { documentSha256 },
      });
      expect(signed.status, signed.text).toBeLessThan(300);
    }

    // Both apply to the inviting court: the application is submitted to it.
    const opened = await h.call('POST', `/v1/settlements/${settlementId}/confirmation-requests`, {
      as: applicant,
      body: { courtId },
    });
    expect(opened.status, opened.text).toBe(201);
    const submitted = await h.call('POST', `/v1/settlements/${settlementId}/confirmation-requests`, {
      as: respondent,
      body: { courtId },
    });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.json.status).toBe('submitted');
    const requestId = submitted.json.requestId as string;

    // Each party gets a recipient-designated SMS number: a delivery there serves (no signature needed).
    const application = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: court });
    expect(application.status, application.text).toBe(200);
    const personIds = (application.json.parties as Array<{ personId: string }>).map((party) => party.personId);
    expect(personIds).toHaveLength(2);
    const phones = personIds.map(() => mobile());
    for (const [index, personId] of personIds.entries()) {
      const added = await h.call('POST', `/v1/parties/${personId}/addresses`, {
        as: operator,
        body: {
          addresses: [
            {
              channel: 'sms',
              value: phones[index],
              source: 'recipient_designated',
              observedAt: new Date().toISOString(),
              evidence: designationEvidence,
            },
          ],
        },
      });
      expect(added.status, added.text).toBe(200);
    }

    // The court accepts and confirms.
    const acceptance = await h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
      as: court,
      body: { accepted: true },
    });
    expect(acceptance.status, acceptance.text).toBe(200);
    // Today in Shanghai, where the court's days are counted.
    const rulingDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const decided = await h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: court,
      body: { outcome: 'confirmed', rulingNumber: '(2026)粤0304民特88号', rulingDate },
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json).toMatchObject({ status: 'confirmed', enforceable: true });

    // The relay serves the ruling: both parties end served at their designated numbers.
    interface View {
      ruling?: { sha256: string };
      rulingService?: { serviceId: string; status: string; recipients: Array<{ personId: string }> };
    }
    let view: View = {};
    await eventually(
      'the ruling is served on every party',
      async () => {
        const response = await h.call('GET', `/v1/confirmation-requests/${requestId}`, { as: court });
        view = response.json;
        expect(view.rulingService?.status).toBe('served');
      },
      { timeout: 60_000 },
    );
    const serviceId = view.rulingService?.serviceId as string;
    expect(view.rulingService?.recipients.map((r) => r.personId).sort()).toEqual([...personIds].sort());
    for (const phone of phones) expect(h.smsTo(phone)).toHaveLength(1);

    // The proof of service: the ruling document's hash, both recipients served, the chain intact.
    const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: operator });
    expect(proof.status, proof.text).toBe(200);
    expect(proof.json.chain.verification).toMatchObject({ intact: true });
    expect(proof.json.document.sha256).toBe(view.ruling?.sha256);
    expect(proof.json.recipients).toHaveLength(2);
    for (const recipient of proof.json.recipients) {
      expect(recipient.served).toMatchObject({ rule: 'delivered_to_recipient_designated_address' });
    }
    const courtProof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: court });
    expect(courtProof.status).toBe(200);

    // The ruling as stored: canonical, naming the court, the ruling and the settlement's hash.
    const stored = await h.documents.get(`rulings/${requestId}.json`);
    const ruling = JSON.parse(new TextDecoder().decode(stored?.content));
    expect(ruling).toMatchObject({
      court: { courtId },
      decision: { outcome: 'confirmed', rulingNumber: '(2026)粤0304民特88号', rulingDate },
      settlement: { settlementId, documentSha256 },
      enforceable: true,
    });

    // The dispute's timeline: decided, enforceable (once), the ruling served with its service id;
    // the mediator is told by a message.
    const chain = await h.store.readChain(`CASE#${disputeId}`);
    const types = chain.events.map((event) => event.type);
    expect(types.filter((type) => type === 'confirmation.decided')).toHaveLength(1);
    const served = chain.events.filter((event) => event.type === 'confirmation.ruling_served');
    expect(served).toHaveLength(1);
    expect(served[0]?.data).toMatchObject({ requestId, serviceId, outcome: 'confirmed', enforceable: true });
    await eventually('the mediator is told by email', async () => (await h.emailsTo(mediatorEmail)).length >= 1, {
      timeout: 15_000,
    });

    // A redelivered `confirmation.decided` serves nothing twice (services are what it would add;
    // the milestone messages of the case may still be on their way meanwhile).
    const services = async () =>
      (await h.allItems()).filter((item) => String(item.pk).startsWith('SERVICE#') && item.sk === 'ROOT');
    const before = await services();
    const clock = { now: () => new Date() };
    const ids = { next: (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2)}` };
    const serviceDeps = { store: h.store, clock, ids, documents: h.documents, settings: h.settings };
    await onConfirmationDecided({
      ...serviceDeps,
      requestMessage: messageRequests({ store: h.store, clock, ids }),
      recordService: serviceRecorderOf(serviceDeps),
    })({ id: 'redelivered', type: 'confirmation.decided', payload: { requestId, outcome: 'confirmed' } } as never);
    expect((await services()).length).toBe(before.length);
    const again = await h.store.readChain(`CASE#${disputeId}`);
    expect(again.events.filter((event) => event.type === 'confirmation.ruling_served')).toHaveLength(1);
  }, 180_000);
});
