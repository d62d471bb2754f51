import type { HolidayCalendar } from '../../domain/calendar/service-periods';
import { AlreadyExists, NotFound, RuleViolation } from '../../domain/errors';
import { requireVerified } from '../../domain/identity/identity-assurance';
import { isPersonSubject, personSubjectId } from '../../domain/identity/person-id';
import type { CaseParty, ConsentBasis, PartyKind, PartyRole, ServiceConsent } from '../../domain/mediation/case-party';
import type { Dispute, DisputeStage } from '../../domain/mediation/dispute';
import { contactsGivenType, disputeChainId } from '../../domain/mediation/dispute';
import { summaryForMediators } from '../../domain/mediation/summary-redaction';
import { triageDispute } from '../../domain/mediation/triage';
import type { Principal } from '../../domain/principal';
import type { Ids } from '../../ports/ids';
import type { RequestMessage } from '../../ports/message-requests';
import type { SendAllowances } from '../../ports/send-allowances';
import type { EntityWrite, OutboxMessage, StateStore } from '../../ports/state-store';
import type { DisputeIdentityDeps } from './identity-deps';
import { invitationFor } from './invitations';

export interface PartyFiling {
  role: PartyRole;
  kind: PartyKind;
  name: string;
  idNumber: string;
  domicile: { country: string; regionCode?: string };
  nationality?: string;
  /** Already normalized (E.164, lower-cased domain). */
  contact: { phone?: string; email?: string };
  representatives: Array<{ name: string; idNumber: string }>;
  /** The filer's own consent to electronic service (only the filing party, for itself). */
  consent?: { basis: ConsentBasis; evidence?: string };
  /** The filer's own addresses for service, beside its contact (only the filing party, for itself). */
  serviceAddress?: { phone?: string; email?: string };
}

/** A filing: the dispute's facts as it will hold them (category, claim, regions, language, summary), and more. */
export interface DisputeFiling
  extends Pick<Dispute, 'category' | 'claim' | 'regionCode' | 'subjectMatterRegion' | 'language' | 'summary'> {
  stage: DisputeStage;
  onlineAccepted: boolean;
  crossBorder?: boolean;
  /** The court that invited the mediation, when one did. */
  courtId?: string;
  parties: PartyFiling[];
  /**
   * The id to file it under, when the caller names it (a request with an Idempotency-Key): a
   * dispute that already has it, filed by the same principal, is this filing's own, made by an
   * earlier run that stopped before its answer was kept, and is answered as it stands.
   */
  disputeId?: string;
}

export interface FileDisputeDeps extends DisputeIdentityDeps {
  ids: Ids;
  calendar: HolidayCalendar;
  publicBaseUrl: string;
  /** Sends the filing triggers are limited per recipient (the people feature's allowances, lent by the composition root). */
  sendAllowances: SendAllowances;
  /** Asks message delivery for the invitations (ports/message-requests.ts). */
  requestMessage: RequestMessage;
}

/**
 * File a dispute (DESIGN.md flow 1; Identity).
 *
 * - A party who files is the applicant: the filing names exactly one applicant, and it is them
 *   (or a company they represent), through a sign-in linked to their person (422
 *   `sign_in_not_linked`, `applicant_is_filer`).
 *   An operator files on behalf of parties and every party is invited.
 * - A person or company exists once on the platform, keyed by the keyed hash of its ID number; the
 *   number is kept encrypted with a masked form beside it.
 * - Triage sets the track, the flags and the mediation deadline.
 * - Each party not yet on the platform for this dispute is invited by SMS (or email) through the
 *   outbox, with a link and a code; nobody is sent anything unless the filing is committed. The
 *   filer triggers these sends, so they count against each recipient's allowance (three a day with
 *   growing spacing, `sendAllowances`, ports/send-allowances.ts); over it the filing is 429 and writes nothing.
 * - The filer may record its own consent to electronic service and its own addresses for service
 *   (nobody else's: 422 `consent_is_personal`). Both need its verified identity (the carrier
 *   confirms its mobile is registered to its ID number and name), else 422
 *   `identity_not_verified`. The contacts given become service addresses after the commit, by who
 *   gave them (`dispute.contacts_given`): the verified filer's own are `recipient_designated`,
 *   those given for another party `other_party_provided`.
 * All of it is one transaction: a rejected filing changes nothing.
 */
export async function fileDispute(deps: FileDisputeDeps, actor: Principal, filing: DisputeFiling): Promise<Dispute> {
  const [applicant, ...otherApplicants] = filing.parties.filter((party) => party.role === 'applicant');
  if (!applicant || otherApplicants.length > 0) {
    throw new RuleViolation('one_applicant', 'a filing names exactly one applicant (the filer, when a party files)');
  }
  if (!filing.parties.some((party) => party.role === 'respondent')) {
    throw new RuleViolation('respondent_required', 'a dispute needs at least one respondent');
  }
  await requireFilerIsApplicant(deps, actor, applicant);
  if (filing.courtId && !(await deps.store.roster.court(filing.courtId))) {
    throw new RuleViolation('unknown_court', `no court ${filing.courtId} on the roster`);
  }
  const earlier = filing.disputeId === undefined ? undefined : await earlierFiling(deps, actor, filing.disputeId);
  if (earlier) return earlier;
  const now = deps.clock.now();
  const disputeId = filing.disputeId ?? deps.ids.next('dsp');
  const triage = triageDispute(
    {
      category: filing.category,
      claimMinor: filing.claim.amountMinor,
      currency: filing.claim.currency,
      stage: filing.stage,
      parties: filing.parties.map((party, index) => ({
        id: String(index),
        domicileCountry: party.domicile.country,
        ...(party.nationality ? { nationality: party.nationality } : {}),
      })),
      ...(filing.crossBorder === undefined ? {} : { crossBorder: filing.crossBorder }),
      filedAt: now,
    },
    deps.calendar,
  );

  const filerIsApplicant = actor.role === 'party';
  const filerConsent = await ownConsentAtFiling(deps, actor, filing.parties, now);
  const parties = await Promise.all(filing.parties.map((party) => protectParty(deps, party)));
  for (const { party } of parties) {
    if (filerIsApplicant && party.role === 'applicant') {
      party.subjectId = actor.subjectId;
      party.joinedAt = now.toISOString();
      if (filerConsent) party.consent = filerConsent.consent;
      if (filerConsent?.serviceAddress) party.serviceAddress = filerConsent.serviceAddress;
    }
  }
  const filer = parties.find(({ party }) => party.consent)?.party;

  const dispute: Dispute = {
    id: disputeId,
    status: 'triaged',
    category: filing.category,
    claim: filing.claim,
    regionCode: filing.regionCode,
    subjectMatterRegion: filing.subjectMatterRegion,
    language: filing.language,
    summary: filing.summary,
    summaryForMediators: summaryForMediators(filing.summary, filing.parties),
    stage: filing.stage,
    onlineAccepted: filing.onlineAccepted,
    track: triage.track,
    flags: triage.flags,
    mediationDeadline: {
      lastDay: triage.mediationDeadline.lastDay,
      endsAt: triage.mediationDeadline.endsAt.toISOString(),
    },
    extension: { used: false, agreedBy: [] },
    partyIds: parties.map(({ party }) => party.partyId),
    involvedHashes: [
      ...new Set(
        parties.flatMap(({ party }) => [party.personHash, ...party.representatives.map((rep) => rep.lookupHash)]),
      ),
    ],
    picks: {},
    offeredMediatorIds: [],
    ...(filing.courtId ? { courtId: filing.courtId } : {}),
    filedBy: { role: actor.role, subjectId: actor.subjectId },
    createdAt: now.toISOString(),
  };

  const writes: EntityWrite[] = [deps.store.disputes.disputeWrite({ version: 0 }, dispute)];
  const outbox: OutboxMessage[] = [];
  const invitations: Array<{ partyId: string; messageId: string; channel: string }> = [];
  const invited: Array<{ channel: 'sms' | 'email'; to: string }> = [];
  for (const { party } of parties) {
    writes.push(deps.store.disputes.partyWrite(0, disputeId, party));
    if (party.subjectId) continue;
    const invitation = invitationFor(deps, { dispute, party, actor, now });
    writes.push(...invitation.writes);
    outbox.push(invitation.outbox);
    invitations.push({ partyId: party.partyId, messageId: invitation.messageId, channel: invitation.channel });
    invited.push(invitation.recipient);
  }
  const persons = parties.map(({ person }) => person);
  // The filer triggers these sends: each counts against its recipient's allowance (all or none).
  // Which persons are new is read meanwhile: neither waits for the other.
  const [, firstKnown] = await Promise.all([
    deps.sendAllowances.takeTriggeredSends(invited),
    knownPersons(deps.store, persons),
  ]);
  if (filerIsApplicant) writes.push(deps.store.disputes.memberWrite(dispute, actor.subjectId, 'party'));
  // The court of the case may see and serve its parties (flow 3): a membership item per person.
  // Only an operator's filing says which court invited the mediation; a party's naming of a court
  // is a claim (it decides where the parties may apply), and the court sees them once they apply.
  if (dispute.courtId && actor.role === 'operator') {
    writes.push(
      ...deps.store.people.courtMembershipWrites(
        dispute.courtId,
        disputeId,
        parties.map(({ party }) => party.personHash),
      ),
    );
  }

  for (let attempt = 1; ; attempt++) {
    const known = attempt === 1 ? firstKnown : await knownPersons(deps.store, persons);
    const personWrites = newPersonWrites(deps.store, persons, known, now, filer);
    // The filer's consent belongs to its person (service asks there), new or already known.
    const consentWrite =
      filer?.consent && !personWrites.some((write) => write.attributes.serviceConsent)
        ? await deps.personConsentWrite(filer.personHash, filer.consent)
        : undefined;
    try {
      await deps.store.commit({
        chainId: disputeChainId(disputeId),
        writes: [...writes, ...personWrites, ...(consentWrite ? [consentWrite] : [])],
        event: {
          type: 'dispute.filed',
          actor,
          data: {
            category: dispute.category,
            track: dispute.track,
            trackReasons: triage.trackReasons,
            flags: dispute.flags,
            mediationDeadline: dispute.mediationDeadline,
            parties: parties.map(({ party }) => ({
              partyId: party.partyId,
              role: party.role,
              idMasked: party.idMasked,
            })),
            invitations,
            ...(filer?.consent
              ? { filerConsent: { basis: filer.consent.basis, identityAssurance: { ...filer.consent.assurance } } }
              : {}),
          },
        },
        outbox: [...outbox, { type: contactsGivenType, payload: { disputeId } }],
      });
      return dispute;
    } catch (error) {
      // Someone registered one of these persons at the same moment: read again and link to them.
      if (!(error instanceof AlreadyExists) || attempt >= 3) throw error;
    }
  }
}

/**
 * The filing party's own consent and addresses for service, recorded only when its identity is
 * verified; undefined when it gives neither. A consent or address for any other party, or given by
 * an operator, is refused: consent belongs to the party.
 */
async function ownConsentAtFiling(
  deps: FileDisputeDeps,
  actor: Principal,
  parties: readonly PartyFiling[],
  now: Date,
): Promise<{ consent: ServiceConsent; serviceAddress?: PartyFiling['serviceAddress'] } | undefined> {
  const giving = parties.filter((party) => party.consent || party.serviceAddress);
  if (giving.length === 0) return undefined;
  const own = giving[0] as PartyFiling;
  if (actor.role !== 'party' || giving.length > 1 || own.role !== 'applicant') {
    throw new RuleViolation(
      'consent_is_personal',
      'consent to electronic service and an address for service are given by the filing party, for itself only',
    );
  }
  if (!own.consent) {
    throw new RuleViolation('consent_required', 'an address for service is given with consent to electronic service');
  }
  const mobile = own.serviceAddress?.phone ?? own.contact.phone;
  const assurance = requireVerified(
    mobile ? await deps.identityChecks.carrierAssurance(own, mobile) : undefined,
    'consent to electronic service and an address for service',
  );
  return {
    consent: { ...own.consent, recordedAt: now.toISOString(), recordedBy: actor.subjectId, assurance },
    ...(own.serviceAddress ? { serviceAddress: own.serviceAddress } : {}),
  };
}

interface ProtectedPerson {
  lookupHash: string;
  kind: PartyKind;
  name: string;
  idMasked: string;
  ciphertext: string;
}

/**
 * A party files only once its sign-in is linked to its person (it proved who it is: DESIGN.md,
 * Identity → Sign-in), and only as that person, or as a company that names that person among its
 * representatives. Otherwise anyone signed in could file a claim in another person's name, and the
 * respondents would be invited to answer a claimant who never made it.
 */
async function requireFilerIsApplicant(
  deps: Pick<FileDisputeDeps, 'vault'>,
  actor: Principal,
  applicant: PartyFiling,
): Promise<void> {
  if (actor.role !== 'party') return;
  if (!isPersonSubject(actor.subjectId)) {
    throw new RuleViolation(
      'sign_in_not_linked',
      'a party files once its sign-in is linked to its person (proved at /auth/link); this sign-in is not',
    );
  }
  const filedAs = [
    applicant.idNumber,
    ...(applicant.kind === 'company' ? applicant.representatives : []).map((rep) => rep.idNumber),
  ];
  for (const idNumber of filedAs) {
    if (personSubjectId(await deps.vault.lookupHash(idNumber)) === actor.subjectId) return;
  }
  throw new RuleViolation(
    'applicant_is_filer',
    'a party files as itself: the applicant’s ID number must be that of the signed-in person, or the applicant a company that names that person as its representative',
  );
}

async function protectParty(
  deps: Pick<FileDisputeDeps, 'vault' | 'ids'>,
  filing: PartyFiling,
): Promise<{ party: CaseParty; person: ProtectedPerson }> {
  const id = await deps.vault.protect(filing.idNumber);
  const representatives = await Promise.all(
    filing.representatives.map(async (rep) => {
      const repId = await deps.vault.protect(rep.idNumber);
      return { name: rep.name, lookupHash: repId.lookupHash, idMasked: repId.masked };
    }),
  );
  return {
    party: {
      partyId: deps.ids.next('pty'),
      role: filing.role,
      kind: filing.kind,
      name: filing.name,
      personHash: id.lookupHash,
      idMasked: id.masked,
      domicile: filing.domicile,
      contact: filing.contact,
      representatives,
    },
    person: {
      lookupHash: id.lookupHash,
      kind: filing.kind,
      name: filing.name,
      idMasked: id.masked,
      ciphertext: id.ciphertext,
    },
  };
}

/**
 * The dispute an earlier run of the same filing committed under `disputeId` (nothing else is
 * written after that commit: invitations and contacts follow from its outbox), or undefined.
 * Another principal's dispute of that id is refused, as a taken id.
 */
async function earlierFiling(deps: FileDisputeDeps, actor: Principal, disputeId: string): Promise<Dispute | undefined> {
  let dispute: Dispute;
  try {
    ({ dispute } = await deps.store.disputes.dispute(disputeId));
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
  if (dispute.filedBy.role !== actor.role || dispute.filedBy.subjectId !== actor.subjectId) {
    throw new AlreadyExists(`dispute ${disputeId} exists`);
  }
  return dispute;
}

/** The look-up hashes of the persons the platform already has. */
async function knownPersons(store: StateStore, persons: readonly ProtectedPerson[]): Promise<Set<string>> {
  return store.people.known([...new Set(persons.map((person) => person.lookupHash))]);
}

/** Creates for the persons not yet on the platform; existing ones are linked as they are. */
function newPersonWrites(
  store: StateStore,
  persons: readonly ProtectedPerson[],
  known: ReadonlySet<string>,
  now: Date,
  filer: CaseParty | undefined,
): EntityWrite[] {
  const unique = [...new Map(persons.map((person) => [person.lookupHash, person])).values()];
  return unique
    .filter((person) => !known.has(person.lookupHash))
    .flatMap((person) => [
      store.people.personWrite(0, person.lookupHash, {
        ...person,
        createdAt: now.toISOString(),
        ...(filer?.consent && filer.personHash === person.lookupHash ? { serviceConsent: filer.consent } : {}),
      }),
      // The person's public id (`psn_…`, the routes' {id}) resolves to its look-up hash.
      store.people.personIdWrite(person.lookupHash),
    ]);
}
