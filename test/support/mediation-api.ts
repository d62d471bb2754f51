import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { SentSms } from '../../infra/local/sms-gateway';
import { messageRecords } from '../../shared/adapters/dynamodb/message-records';
import { personSubjectId } from '../../shared/domain/identity/person-id';
import { partySubjectFor } from '../../shared/domain/mediation/case-party';
import type { PiiVault } from '../../shared/ports/pii-vault';
import { eventually } from './eventually';
import type { httpHarness } from './http-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

export const operator: ['operator', string] = ['operator', 'op-1'];

/**
 * Settlement terms the party pages' tests record: one payment of 3,200 yuan from `debtor` to
 * `creditor`, due in one instalment, and the usual costs clause.
 */
export function paymentTerms(parties: { debtor: string; creditor: string }, description: string) {
  return {
    obligations: [
      {
        kind: 'payment',
        ...parties,
        amountMinor: 320_000,
        currency: 'CNY',
        instalments: [{ dueDate: '2099-01-31', amountMinor: 320_000 }],
      },
    ],
    clauses: ['各方各自承担费用。'],
    subjectMatter: { description, touchesPersonalStatus: false, confirmsTitle: false },
  };
}

/**
 * The settlement the confirmation flows record: the respondent (`debtor`) pays the applicant 3,200
 * yuan for the laptop in one instalment, each party bearing its own costs.
 */
export function laptopPaymentTerms(parties: { debtor: string; creditor: string }) {
  return { ...paymentTerms(parties, 'Sale of a laptop online'), clauses: ['Each party bears its own costs.'] };
}

/**
 * A mobile number of its own for each filing's respondent: sends others trigger are limited per
 * recipient (three a day, growing spacing), so a test that files many disputes would otherwise
 * meet the limit it does not test.
 */
export function freshMobile(): string {
  return `+86139${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
}

/** The applicant `filing()` names: Zhang San, a resident of Futian. */
export const applicantIdNumber = '440301199001011234';

/**
 * The principal of a party whose sign-in is linked to the person with `idNumber` (hashed with the
 * harness's `vault`): a linked sign-in acts as its person on every route
 * (functions/http/middleware/authentication.ts), and a party files only so, as the applicant it
 * names (file-dispute.ts). `filing()`'s applicant by default.
 */
export async function linkedParty(
  vault: Pick<PiiVault, 'lookupHash'>,
  idNumber = applicantIdNumber,
): Promise<['party', string]> {
  return ['party', personSubjectId(await vault.lookupHash(idNumber))];
}

/** A filing as a party would send it: applicant (the filer) and one respondent, in Shenzhen. */
export function filing(overrides: Record<string, unknown> = {}) {
  return {
    category: 'online_shopping_contract',
    claim: { amount: '3200.00', currency: 'CNY' },
    regionCode: '440304',
    subjectMatterRegion: '440304',
    language: 'zh',
    summary: 'The seller shipped a damaged laptop and refuses a refund.',
    stage: 'pre_filing',
    parties: [
      personParty('applicant', { name: 'Zhang San', idNumber: applicantIdNumber, phone: '13812345678' }),
      {
        role: 'respondent',
        kind: 'company',
        name: 'Shenzhen Good Goods Ltd',
        idNumber: '91440300MA5ABCDE1X',
        domicile: { country: 'CN', regionCode: '440305' },
        contact: { phone: freshMobile() },
      },
    ],
    ...overrides,
  };
}

/**
 * A person as a filing names one: domiciled in Shenzhen (the applicant in Futian, a respondent in
 * Nanshan) and reachable at `phone`.
 */
export function personParty(
  role: 'applicant' | 'respondent',
  person: { name: string; idNumber: string; phone: string },
) {
  return {
    role,
    kind: 'person',
    name: person.name,
    idNumber: person.idNumber,
    domicile: { country: 'CN', regionCode: role === 'applicant' ? '440304' : '440305' },
    contact: { phone: person.phone },
  };
}

/** `filing()` with its applicant and, as the respondent, the person `respondent`, with `overrides` on top. */
export function filingAgainstPerson(
  respondent: { name: string; idNumber: string; phone: string },
  overrides: Record<string, unknown> = {},
) {
  const [applicant] = filing().parties;
  return filing({ ...overrides, parties: [applicant, personParty('respondent', respondent)] });
}

export async function registerOrganization(h: Harness): Promise<string> {
  const response = await h.call('POST', '/v1/organizations', {
    as: operator,
    body: { name: 'Futian People’s Mediation Committee', kind: 'peoples_mediation_committee', regionCode: '440304' },
  });
  if (response.status !== 201) throw new Error(`organization not registered: ${response.text}`);
  return response.json.id;
}

/** A mediator's registration as an operator sends it: online, Chinese, Shenzhen, online shopping disputes. */
export function mediatorRegistration(organizationId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: `Mediator ${Math.random().toString(36).slice(2, 8)}`,
    subjectId: `med-sub-${Math.random().toString(36).slice(2, 10)}`,
    contact: { email: 'mediator@example.com' },
    organizationId,
    specialties: ['online_shopping_contract'],
    languages: ['zh'],
    regions: ['4403'],
    online: true,
    capacity: 5,
    crossBorderQualified: false,
    ...overrides,
  };
}

export async function registerMediator(h: Harness, organizationId: string, overrides: Record<string, unknown> = {}) {
  const response = await h.call('POST', '/v1/mediators', {
    as: operator,
    body: mediatorRegistration(organizationId, overrides),
  });
  if (response.status !== 201) throw new Error(`mediator not registered: ${response.text}`);
  return response.json as { id: string; subjectId: string };
}

/**
 * The invitation messages committed for a dispute, with the link token and code they carry, read
 * from the store. Only for a stack without a relay sending messages: a sent message keeps its token
 * and code masked, so once a relay has sent it this yields an empty token and code. With a relay,
 * read what the respondent received instead (`receivedInvitation`).
 */
export async function invitationsOf(h: Harness, disputeId: string) {
  const chain = await h.store.readChain(`CASE#${disputeId}`);
  const messageIds = chain.events.flatMap((event) =>
    ((event.data.invitations ?? []) as Array<{ messageId: string }>).map((invitation) => invitation.messageId),
  );
  return Promise.all(
    messageIds.map(async (messageId) => {
      const stored = await h.store.get(messageRecords.key(messageId));
      const content = stored?.attributes.content as { to: string; text: string };
      return { to: content.to, ...invitationSecretsIn(content.text) };
    }),
  );
}

/** The link token and code an invitation's text carries (empty where they are masked). */
function invitationSecretsIn(text: string): { token: string; code: string } {
  const token = /\/j(?:oin)?\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
  const code = /(?:验证码|code) (\d{6})/.exec(text)?.[1] ?? '';
  return { token, code };
}

/**
 * The invitation to a dispute as its respondent received it: the first SMS carrying the dispute's
 * case reference and a join link, waited for until the relay has sent it. On a stack whose relay
 * sends messages this is the only dependable source: the stored message masks its token and code
 * the moment it is sent, which may come before or after a test reads it (`invitationsOf`).
 */
export async function receivedInvitation(
  sms: { messages(): SentSms[] },
  disputeId: string,
): Promise<{ to: string; token: string; code: string }> {
  const caseReference = disputeId.slice(-8);
  const isInvitation = (message: SentSms) =>
    message.message.includes(caseReference) && invitationSecretsIn(message.message).token !== '';
  const received = await eventually(`the invitation to ${disputeId} is sent`, () => {
    const found = sms.messages().find(isInvitation);
    expect(found, `an SMS with a join link for case ${caseReference}`).toBeDefined();
    return found as SentSms;
  });
  return { to: received.phoneNumber, ...invitationSecretsIn(received.message) };
}

/**
 * The invited respondent (the filing's company, ID ending DE1X) joins on the join page as a browser
 * posts its form: the code from the invitation and the ID digits; with an `address`, also its own
 * consent and those addresses for service, which needs a verified identity (a company never passes the
 * carrier check: it consents after an operator's document check, see `verifyByDocument`).
 */
export function joinAsRespondent(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  invitation: { token: string; code: string } | undefined,
  address?: { email?: string; phone?: string },
  idLastDigits = 'DE1X',
): Promise<Response> {
  return Promise.resolve(
    app.request(`/join/${invitation?.token}`, {
      method: 'POST',
      // In English, so that tests can read the page's messages (its language follows Accept-Language).
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        'accept-language': 'en',
      },
      body: new URLSearchParams({
        code: invitation?.code ?? '',
        idLastDigits,
        ...(address ? { consentBasis: 'platform_declaration', agree: 'yes', ...address } : {}),
      }).toString(),
    }),
  );
}

/**
 * `applicant` files `body` and the invited respondent (the filing's company) joins on the join page.
 * Returns the dispute's id and the invitation.
 */
export async function fileAndJoin(h: Harness, applicant: ['party', string], body: unknown) {
  const filed = await h.call('POST', '/v1/disputes', { as: applicant, body });
  if (filed.status !== 201) throw new Error(`not filed: ${filed.text}`);
  const disputeId = filed.json.id as string;
  const [invitation] = await invitationsOf(h, disputeId);
  const joined = await joinAsRespondent(h.app, invitation);
  if (joined.status !== 201) throw new Error(`respondent not joined: ${await joined.text()}`);
  return { disputeId, invitation };
}

/**
 * After `fileAndJoin`: an operator checks both parties' identity documents (the applicant's resident
 * ID, the company's credit code: a carrier cannot match a company to a mobile) and each consents to
 * electronic service. Returns each party's id and the principal acting as it.
 */
export async function consentAfterDocumentChecks(h: Harness, disputeId: string, applicant: ['party', string]) {
  const applicantParty = await partyOf(h, disputeId, 'applicant');
  const respondentParty = await partyOf(h, disputeId, 'respondent');
  const parties = {
    applicant: { partyId: applicantParty.partyId, as: applicant },
    respondent: {
      partyId: respondentParty.partyId,
      as: ['party', partySubjectFor({ personHash: respondentParty.personHash })] as ['party', string],
    },
  };
  for (const [{ partyId, as }, kind] of [
    [parties.applicant, 'resident_id'],
    [parties.respondent, 'company_credit_code'],
  ] as const) {
    await verifyByDocument(h, disputeId, partyId, kind);
    const consent = await h.call('POST', `/v1/disputes/${disputeId}/parties/${partyId}/consent`, {
      as,
      body: { basis: 'platform_declaration' },
    });
    if (consent.status !== 200) throw new Error(`no consent: ${consent.text}`);
  }
  return parties;
}

/**
 * Two people with verified identities (the identity provider knows their ID numbers and mobiles):
 * the applicant files for itself, with its consent and an email for service, and gives the
 * respondent's mobile as the respondent's contact. The dispute, the invitation as the respondent
 * received it (the harness's relay sends it: `receivedInvitation`) and both parties.
 */
export async function fileForTwoPeople(
  h: Harness & { gateway: { messages(): SentSms[] } },
  filed: {
    as: ['party', string];
    courtId: string;
    applicant: { idNumber: string; mobile: string; email: string };
    respondent: { idNumber: string; mobile: string };
  },
) {
  const response = await h.call('POST', '/v1/disputes', {
    as: filed.as,
    body: filing({
      courtId: filed.courtId,
      parties: [
        {
          ...personParty('applicant', {
            name: '张三',
            idNumber: filed.applicant.idNumber,
            phone: filed.applicant.mobile,
          }),
          consent: { basis: 'platform_declaration' },
          serviceAddress: { email: filed.applicant.email },
        },
        personParty('respondent', {
          name: '王五',
          idNumber: filed.respondent.idNumber,
          phone: filed.respondent.mobile,
        }),
      ],
    }),
  });
  if (response.status !== 201) throw new Error(`not filed: ${response.text}`);
  const disputeId = response.json.id as string;
  const invitation = await receivedInvitation(h.gateway, disputeId);
  return {
    disputeId,
    invitation,
    applicantParty: await partyOf(h, disputeId, 'applicant'),
    respondentParty: await partyOf(h, disputeId, 'respondent'),
  };
}

/** An operator offers the dispute to the mediator, who accepts: the dispute is in mediation. */
export async function assignAndAccept(
  h: Harness,
  disputeId: string,
  mediator: { id: string; as: ['mediator', string] },
): Promise<void> {
  const assigned = await h.call('POST', `/v1/disputes/${disputeId}/assignment`, {
    as: operator,
    body: { mediatorId: mediator.id },
  });
  if (assigned.status !== 201) throw new Error(`not assigned: ${assigned.text}`);
  const accepted = await h.call('POST', `/v1/offers/${assigned.json.offerId}/accept`, { as: mediator.as });
  if (accepted.status !== 200) throw new Error(`offer not accepted: ${accepted.text}`);
}

/** A party's id and the principal acting as it (after filing or joining), by role. */
export async function partyOf(h: Harness, disputeId: string, role: 'applicant' | 'respondent') {
  const party = (await h.store.listByPrefix(`CASE#${disputeId}`, 'PARTY#')).find(
    (entity) => entity.attributes.role === role,
  )?.attributes;
  if (!party) throw new Error(`no ${role} in ${disputeId}`);
  return {
    partyId: String(party.partyId),
    personHash: String(party.personHash),
    subjectId: typeof party.subjectId === 'string' ? party.subjectId : undefined,
  };
}

/** An operator's check of the identity document of a party that has joined (or filed). */
export async function verifyByDocument(
  h: Harness,
  disputeId: string,
  partyId: string,
  documentKind: 'resident_id' | 'passport' | 'travel_permit' | 'company_credit_code',
) {
  const response = await h.call('POST', `/v1/disputes/${disputeId}/parties/${partyId}/identity-checks`, {
    as: operator,
    body: {
      documentKind,
      documentId: `scan-${Math.random().toString(36).slice(2, 10)}`,
      documentSha256: createHash('sha256').update(`${disputeId}/${partyId}`).digest('hex'),
    },
  });
  if (response.status !== 201) throw new Error(`document check not recorded: ${response.text}`);
  return response.json;
}

/**
 * The mediator records a payment settlement (the respondent pays the applicant 3,200 CNY), both
 * parties sign its document hash and both apply to `courtId`: the application is submitted.
 * Returns the settlement's id.
 */
export async function settleSignAndApply(
  h: Harness,
  parties: {
    disputeId: string;
    mediator: ['mediator', string];
    applicant: { as: ['party', string]; partyId: string };
    respondent: { as: ['party', string]; partyId: string };
    courtId: string;
  },
): Promise<string> {
  const recorded = await h.call('POST', `/v1/disputes/${parties.disputeId}/settlement`, {
    as: parties.mediator,
    body: laptopPaymentTerms({ debtor: parties.respondent.partyId, creditor: parties.applicant.partyId }),
  });
  if (recorded.status !== 201) throw new Error(`settlement not recorded: ${recorded.text}`);
  const settlementId = recorded.json.settlementId as string;
  for (const { as } of [parties.applicant, parties.respondent]) {
    const signed = await h.call('POST', `/v1/settlements/${settlementId}/signatures`, {
      as,
      body: { documentSha256: recorded.json.document.sha256 },
    });
    if (signed.status >= 300) throw new Error(`not signed: ${signed.text}`);
  }
  for (const { as } of [parties.applicant, parties.respondent]) {
    const applied = await h.call('POST', `/v1/settlements/${settlementId}/confirmation-requests`, {
      as,
      body: { courtId: parties.courtId },
    });
    if (applied.status >= 300) throw new Error(`not applied: ${applied.text}`);
  }
  return settlementId;
}

/** Today in Shanghai, where a court's days are counted (YYYY-MM-DD). */
export function courtToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The court accepts a submitted application for review, then confirms the settlement today under
 * `rulingNumber`. Returns the decided application and the ruling's date.
 */
export async function acceptAndConfirm(h: Harness, court: ['court', string], requestId: string, rulingNumber: string) {
  const acceptance = await h.call('POST', `/v1/confirmation-requests/${requestId}/acceptance`, {
    as: court,
    body: { accepted: true },
  });
  if (acceptance.status !== 200) throw new Error(`not accepted for review: ${acceptance.text}`);
  const rulingDate = courtToday();
  const decided = await h.call('POST', `/v1/confirmation-requests/${requestId}/decision`, {
    as: court,
    body: { outcome: 'confirmed', rulingNumber, rulingDate },
  });
  if (decided.status !== 200) throw new Error(`not decided: ${decided.text}`);
  return { decided: decided.json, rulingDate };
}

/** The body of a court's registration: a basic court in Futian that hears online shopping contracts. */
export function courtRegistration(clientId: string, name = 'Shenzhen Futian District People\u2019s Court') {
  return {
    name,
    level: 'basic',
    regionCode: '440304',
    jurisdiction: { regions: ['440304'], caseTypes: ['online_shopping_contract'] },
    clientId,
  };
}

/** A basic court in Futian on the roster, registered by an operator with a client id of its own. */
export async function registerCourt(h: Harness & { uniqueClientId: () => string }) {
  const clientId = h.uniqueClientId();
  const registered = await h.call('POST', '/v1/courts', {
    as: operator,
    body: {
      name: '深圳市福田区人民法院',
      level: 'basic',
      regionCode: '440304',
      jurisdiction: { regions: ['440304'], caseTypes: [] },
      clientId,
    },
  });
  if (registered.status !== 201) throw new Error(`court not registered: ${registered.text}`);
  return { courtId: registered.json.id as string, as: ['court', clientId] as ['court', string] };
}
