import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../shared/domain/calendar/service-periods';
import { expireMediation } from '../../shared/use-cases/disputes/expire-mediation';
import { operator } from '../support/mediation-api';
import { residentIdNumber } from '../support/people-fixtures';
import { putOrganization, putSettledCase, type SettledCase } from '../support/settlement-fixtures';
import { CookieJarClient, csrfFrom, freshMobile, partyToCallback, signInHarness } from '../support/sign-in-harness';

type Harness = Awaited<ReturnType<typeof signInHarness>>;

/**
 * The case page's "Next" step follows the whole case for the signed-in party: the settlement to
 * sign or lapsed, then judicial confirmation from the application to the court's outcome.
 */
describe('the party case page’s next step (GET /cases/{id})', () => {
  let s: Harness;
  let browser: CookieJarClient;
  let subject: string;
  let organizationId: string;
  const court = { id: '', clientId: '' };

  beforeAll(async () => {
    s = await signInHarness();
    const mobile = freshMobile();
    const idNumber = residentIdNumber('19870404', '440301');
    s.identities.register({ idNumber, name: '张三', mobile: `+86${mobile}` });
    subject = `person:${(await s.h.deps.vault.lookupHash(idNumber)).slice(0, 40)}`;
    browser = new CookieJarClient(s.fetch, s.publicBaseUrl);
    await browser.request(await partyToCallback(s, browser, mobile));
    const linkPage = await (await browser.request('/auth/link?return=%2Fcases')).text();
    const linked = await browser.request('/auth/link', {
      form: { csrf: csrfFrom(linkPage), return: '/cases', idNumber, name: '张三' },
    });
    expect(linked.status).toBe(303);
    organizationId = (await putOrganization(s.h.store, { regionCode: '440303' })).id;
    court.clientId = s.h.uniqueClientId();
    const registered = await s.h.call('POST', '/v1/courts', {
      as: operator,
      body: {
        name: 'Futian Court',
        level: 'basic',
        regionCode: '440304',
        jurisdiction: { regions: ['440304'], caseTypes: [] },
        clientId: court.clientId,
      },
    });
    expect(registered.status, registered.text).toBe(201);
    court.id = registered.json.id;
  }, 60_000);
  afterAll(() => s?.identities.stop());

  const asCourt: () => ['court', string] = () => ['court', court.clientId];
  const other = (c: SettledCase): ['party', string] => ['party', c.subjects[1] as string];
  const me: () => ['party', string] = () => ['party', subject];

  /** A case of the signed-in person (the applicant) with the other party's own principal. */
  const caseOf = (options: Omit<Parameters<typeof putSettledCase>[1], 'organizationId' | 'subjects'> = {}) =>
    putSettledCase(s.h.store, {
      organizationId,
      subjects: [subject, `sub-b-${randomBytes(4).toString('hex')}`],
      ...options,
    });

  async function nextStep(disputeId: string, lang: 'en' | 'zh' = 'en'): Promise<string> {
    const page = await browser.request(`/cases/${disputeId}`, { headers: { 'accept-language': lang } });
    const html = await page.text();
    expect(page.status, html).toBe(200);
    const step = /data-testid="next-step">([^<]*)</.exec(html)?.[1];
    if (step === undefined) throw new Error('no next step on the page');
    return step.replaceAll('&#39;', '’').replaceAll('&amp;', '&');
  }

  const apply = (c: SettledCase, as: ['party', string]) =>
    s.h.call('POST', `/v1/settlements/${c.settlement.settlementId}/confirmation-requests`, {
      as,
      body: { courtId: court.id },
    });

  async function accepted(c: SettledCase): Promise<string> {
    await apply(c, me());
    const requestId = (await apply(c, other(c))).json.requestId as string;
    const answer = await s.h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
      as: asCourt(),
      body: { accepted: true },
    });
    expect(answer.status, answer.text).toBe(200);
    return requestId;
  }

  it('follows the application from applying to the court’s confirmation', async () => {
    const c = await caseOf();
    const lastDay = c.settlement.applicationDeadline?.lastDay as string;

    const toApply = await nextStep(c.dispute.id);
    await apply(c, me());
    const othersToJoin = await nextStep(c.dispute.id);
    const requestId = (await apply(c, other(c))).json.requestId as string;
    const awaitingAcceptance = await nextStep(c.dispute.id);
    await s.h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
      as: asCourt(),
      body: { accepted: true },
    });
    const underReview = await nextStep(c.dispute.id);
    const decided = await s.h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: asCourt(),
      body: { outcome: 'confirmed', rulingNumber: '(2026)粤0304民特9号', rulingDate: shanghaiDay(new Date()) },
    });
    expect(decided.status, decided.text).toBe(200);
    const confirmed = await nextStep(c.dispute.id);
    const confirmedZh = await nextStep(c.dispute.id, 'zh');

    expect(toApply).toContain(`apply to a competent court for judicial confirmation by ${lastDay}`);
    expect(othersToJoin).toContain('waiting for the other parties to join the application');
    expect(awaitingAcceptance).toContain('The application is with the court, which decides whether to accept it (by ');
    expect(underReview).toContain('The court accepted the application and is reviewing it; it rules by ');
    expect(confirmed).toContain(
      `The court confirmed the settlement (ruling (2026)粤0304民特9号 of ${shanghaiDay(new Date())})`,
    );
    expect(confirmed).toContain('the ruling is being served on you');
    expect(confirmed).toContain('A confirmed settlement is enforceable');
    expect(confirmedZh).toContain('经确认的调解协议具有强制执行力');
  }, 60_000);

  it('asks the party to join an application another party opened', async () => {
    const c = await caseOf();
    await apply(c, other(c));

    expect(await nextStep(c.dispute.id)).toContain(
      'Another party applied for judicial confirmation: join the same application',
    );
  });

  it('says what a rejection leaves the parties, with the reasons', async () => {
    const c = await caseOf();
    const requestId = await accepted(c);
    await s.h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
      as: asCourt(),
      body: { outcome: 'rejected', reasons: ['content_unclear'], text: 'Ambiguous instalments.' },
    });

    const step = await nextStep(c.dispute.id);

    expect(step).toContain('The court rejected the application (Its terms are unclear)');
    expect(step).toContain('this settlement cannot be put to the same court again');
  }, 60_000);

  it('says a court that did not accept, or a withdrawal, leaves the window to apply again', async () => {
    const notAccepted = await caseOf();
    await apply(notAccepted, me());
    const requestId = (await apply(notAccepted, other(notAccepted))).json.requestId as string;
    await s.h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
      as: asCourt(),
      body: { accepted: false, reasons: 'Materials missing.' },
    });
    const withdrawn = await caseOf();
    const withdrawnId = await accepted(withdrawn);
    await s.h.call('POST', `/v1/confirmation-requests/${withdrawnId}/withdrawal`, { as: me(), body: {} });

    expect(await nextStep(notAccepted.dispute.id)).toContain(
      `The court did not accept the application (Materials missing.). You may put it right and apply again, or apply to another competent court, by ${notAccepted.settlement.applicationDeadline?.lastDay}`,
    );
    expect(await nextStep(withdrawn.dispute.id)).toContain(
      `The application for judicial confirmation was withdrawn: you may apply again by ${withdrawn.settlement.applicationDeadline?.lastDay}`,
    );
  }, 60_000);

  it('asks for a signature, then says the settlement lapsed when the mediation failed first', async () => {
    const c = await caseOf({ signedBy: [1], dispute: { status: 'in_mediation' } });

    const toSign = await nextStep(c.dispute.id);
    const failed = await s.h.call('POST', `/v1/disputes/${c.dispute.id}/outcome`, {
      as: ['mediator', c.mediatorSubject],
      body: { kind: 'failed', reason: 'party_not_responding', referralSummary: 'The applicant stopped answering.' },
    });
    expect(failed.status, failed.text).toBe(200);
    const lapsed = await nextStep(c.dispute.id);

    expect(toSign).toContain('Read and sign the settlement; it takes effect when every party has signed');
    expect(lapsed).toContain('The mediation ended (mediation failed) before every party signed');
  });

  it('says the settlement lapsed when the mediation period ended before every party signed', async () => {
    const past = { lastDay: '2026-01-01', endsAt: '2026-01-01T16:00:00.000Z' };
    const c = await caseOf({ signedBy: [], dispute: { status: 'in_mediation', mediationDeadline: past } });

    const expired = await expireMediation({ store: s.h.store, clock: s.h.deps.clock }, c.dispute.id);

    expect(expired?.status).toBe('expired');
    expect(await nextStep(c.dispute.id)).toContain(
      'The mediation ended (mediation period over) before every party signed: the settlement lapsed',
    );
  });
});
