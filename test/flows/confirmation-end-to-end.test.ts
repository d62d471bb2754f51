import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onConfirmationDecided } from '../../shared/use-cases/confirmations/serve-ruling';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { serviceRecorderOf } from '../../shared/use-cases/service/request-service';
import { eventually } from '../support/eventually';
import {
  acceptAndConfirm,
  assignAndAccept,
  consentAfterDocumentChecks,
  fileAndJoin,
  filing,
  freshMobile,
  laptopPaymentTerms,
  linkedParty,
  operator,
  registerCourt,
  registerMediator,
  registerOrganization,
} from '../support/mediation-api';
import { addAddresses } from '../support/portal-fixtures';
import { type ServiceHarness, startServiceHarness } from '../support/service-harness';

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
    // Both consent to electronic service once an operator has checked their identity documents.
    const applicant = await linkedParty(h.httpDeps.vault);
    const { disputeId } = await fileAndJoin(h as never, applicant, filing({ courtId }));
    const parties = await consentAfterDocumentChecks(h as never, disputeId, applicant);
    const respondent = parties.respondent.as;

    // An operator assigns the mediator, who accepts.
    await assignAndAccept(h as never, disputeId, { id: chosen.id, as: mediator });

    // The mediator records the settlement; both parties sign its document hash.
    const recorded = await h.call('POST', `/v1/disputes/${disputeId}/settlement`, {
      as: mediator,
      body: laptopPaymentTerms({ debtor: parties.respondent.partyId, creditor: parties.applicant.partyId }),
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
    const phones = personIds.map(() => freshMobile());
    for (const [index, personId] of personIds.entries()) {
      await addAddresses(h, { personId }, [{ channel: 'sms', value: phones[index], source: 'recipient_designated' }]);
    }

    // The court accepts and confirms.
    const { decided, rulingDate } = await acceptAndConfirm(h as never, court, requestId, '(2026)粤0304民特88号');
    expect(decided).toMatchObject({ status: 'confirmed', enforceable: true });

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
    // Its title, as the parties read it in the email, the portal and the proof: in both languages.
    const servedRuling = await h.call('GET', `/v1/services/${serviceId}`, { as: court });
    expect(servedRuling.json.document.title).toBe(
      '民事裁定书(2026)粤0304民特88号：确认调解协议有效 / Ruling (2026)粤0304民特88号: settlement confirmed',
    );

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
