import { contactsChanged } from '../../domain/contacts/contacts-changed';
import { NotFound, RuleViolation } from '../../domain/errors';
import { requireVerified } from '../../domain/identity/identity-assurance';
import { type CaseParty, type ConsentBasis, type PartyKind, partySubjectFor } from '../../domain/mediation/case-party';
import { disputeChainId } from '../../domain/mediation/dispute';
import {
  afterFailedAttempt,
  checkInvitation,
  hashCode,
  hashToken,
  type Invitation,
  idDigitsToProve,
  maxFailedAttempts,
  maxFailedPerCode,
} from '../../domain/mediation/invitation';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { SendAllowances } from '../../ports/send-allowances';
import type { EntityWrite, StateStore } from '../../ports/state-store';
import type { DisputeIdentityDeps } from './identity-deps';

export interface JoinRequest {
  code: string;
  idLastDigits: string;
  /** The party's own consent to electronic service; absent, the party joins without consenting. */
  consent?: { basis: ConsentBasis; evidence?: string };
  /** Already normalized; at least one when consenting (the party's own, `recipient_designated`). */
  serviceAddress?: { phone?: string; email?: string };
  /** Who is trying (the source address): wrong tries are limited per client as well as per link. */
  client: string;
}

export interface InvitationView {
  disputeId: string;
  partyName: string;
  role: string;
  category: string;
  reference: string;
  maskedPhone?: string;
  maskedEmail?: string;
}

/** What the join page shows before the party proves who they are: nothing personal beyond their name. */
export async function viewInvitation(
  deps: { store: StateStore; clock: Clock },
  token: string,
): Promise<InvitationView> {
  const { invitation } = await loadInvitation(deps.store, token);
  if (invitation.revokedAt) {
    throw new RuleViolation('invitation_revoked', 'a newer invitation replaced this one; use the latest message');
  }
  if (invitation.usedAt || deps.clock.now().toISOString() >= invitation.expiresAt) {
    throw new RuleViolation('invitation_closed', 'this invitation was used or has expired; ask for a new one');
  }
  const { dispute } = await deps.store.disputes.dispute(invitation.disputeId);
  const { party } = await loadParty(deps.store, invitation);
  return {
    disputeId: dispute.id,
    partyName: party.name,
    role: party.role,
    category: dispute.category,
    reference: dispute.id.slice(-8),
  };
}

/**
 * Puts the addresses a verified person gives for itself in its address book (the service feature's
 * `ownAddressesWrite`, passed in by the entry point so this feature does not import that one).
 */
export type OwnAddressesWriter = (
  deps: { store: StateStore; ids: Ids },
  personHash: string,
  given: { phone?: string; email?: string },
  observed: { at: string; reference: string; defaultRegion: string },
) => Promise<EntityWrite | undefined>;

/** Who joined: the party, and the person it proved to be (a sign-in may then be linked to it, people/sign-in-links.ts). */
export interface JoinedParty {
  disputeId: string;
  partyId: string;
  subjectId: string;
  person: { personHash: string; kind: PartyKind; name: string };
}

export type JoinDeps = DisputeIdentityDeps & { sendAllowances: SendAllowances } & {
  ids: Ids;
  ownAddresses: OwnAddressesWriter;
};

/**
 * A respondent joins by invitation (DESIGN.md, Identity): they prove who they are with the code
 * from the message and the last digits of their ID number, then record their own consent to
 * electronic service, with its basis, and their address for service. Consent is always recorded
 * by the party itself: this is the party's own act, tied to the proof just given.
 *
 * A try is answered only once its outcome is recorded: a wrong one is counted (the fifth locks the
 * link for 15 minutes), a right one uses the invitation, both conditional on the invitation's
 * version. A try that loses the race is retried from a fresh read and, if it keeps losing, answered
 * 409 without saying whether it was right: parallel guesses cannot get past the lock.
 *
 * Identity assurance (DESIGN.md): the code proves possession of the contact the applicant typed,
 * not identity. Consent and a designated address are recorded only when the carrier confirms that
 * the invited mobile (the one the code was sent to) is registered to this party's ID number and
 * name; the level is kept with the consent and in the `party.joined` event. An operator's document
 * check does not count here: whoever holds the link is bound to no person until they join.
 * Otherwise a join that asks to consent is refused (422 `identity_not_verified`) and changes
 * nothing; a provider that cannot answer is a 503 that changes nothing either. The party may join
 * without consenting and have an operator check an identity document later (passports, permits
 * and companies always go that way).
 */
export async function joinDispute(deps: JoinDeps, token: string, request: JoinRequest): Promise<JoinedParty> {
  return retryOnConflict((attempt) => joinOnce(deps, token, request, attempt));
}

async function joinOnce(deps: JoinDeps, token: string, request: JoinRequest, attempt: number): Promise<JoinedParty> {
  const now = deps.clock.now();
  const { invitation, version, party, partyVersion, tokenHash } = await proveInvitation(deps, token, request, attempt);
  const chainId = disputeChainId(invitation.disputeId);
  const subjectId = partySubjectFor(party);
  const actor: Principal = { role: 'party', subjectId };
  const consenting = request.consent !== undefined || request.serviceAddress !== undefined;
  const assurance = consenting
    ? requireVerified(
        await deps.identityChecks.assessIdentity(party, { mobile: party.contact.phone, documentCheck: false }),
        'consent to electronic service and an address for service',
      )
    : undefined;
  const joined: CaseParty = {
    ...party,
    subjectId,
    joinedAt: now.toISOString(),
    ...(request.consent && assurance
      ? { consent: { ...request.consent, recordedAt: now.toISOString(), recordedBy: subjectId, assurance } }
      : {}),
    ...(request.serviceAddress && assurance ? { serviceAddress: request.serviceAddress } : {}),
  };
  const { dispute } = await deps.store.disputes.dispute(invitation.disputeId);
  const personWrite = joined.consent ? await deps.personConsentWrite(party.personHash, joined.consent) : undefined;
  // The addresses the verified respondent gives for itself are its designated addresses for service.
  const bookWrite =
    joined.serviceAddress && assurance
      ? await deps.ownAddresses(deps, party.personHash, joined.serviceAddress, {
          at: now.toISOString(),
          reference: `join:${invitation.disputeId}`,
          defaultRegion: 'CN',
        })
      : undefined;
  // The invitation's version condition makes this the one success: a concurrent right or wrong try loses and re-reads.
  await deps.store.commit({
    chainId,
    writes: [
      deps.store.disputes.invitationWrite(version, tokenHash, { ...invitation, usedAt: now.toISOString() }),
      deps.store.disputes.partyWrite(partyVersion, invitation.disputeId, joined),
      deps.store.disputes.memberWrite(dispute, subjectId, 'party'),
      ...(personWrite ? [personWrite] : []),
      ...(bookWrite ? [bookWrite] : []),
    ],
    // A recipient waiting unserved for this person's address or consent resumes on it.
    ...(personWrite || bookWrite ? { outbox: [contactsChanged(party.personHash)] } : {}),
    event: {
      type: 'party.joined',
      actor,
      data: {
        partyId: party.partyId,
        ...(joined.consent ? { consentBasis: joined.consent.basis } : {}),
        channels: Object.keys(joined.serviceAddress ?? {}),
        identityAssurance: assurance ? { ...assurance } : { level: 'none' },
      },
    },
  });
  return {
    disputeId: invitation.disputeId,
    partyId: party.partyId,
    subjectId,
    person: { personHash: party.personHash, kind: party.kind, name: party.name },
  };
}

/** The invitation a right proof opened, with what a use case needs to write after it. */
export interface ProvenInvitation {
  invitation: Invitation;
  version: number;
  party: CaseParty;
  partyVersion: number;
  /** The hash of the link's token, which names the invitation in the store. */
  tokenHash: string;
}

/**
 * The proof of an invitation (the code from the message and the last characters of the ID number),
 * as joining, reading the claim and declining all need it: a used, replaced, expired or locked
 * link is refused; every try is counted against the link's client allowance (on the first
 * attempt of a request only), and a wrong one is recorded on the invitation before the answer
 * (the fifth locks it for 15 minutes), so parallel guesses cannot get past the lock.
 */
export async function proveInvitation(
  deps: JoinDeps | (DisputeIdentityDeps & { sendAllowances: SendAllowances }),
  token: string,
  proof: { code: string; idLastDigits: string; client: string },
  attempt = 1,
): Promise<ProvenInvitation> {
  const now = deps.clock.now();
  const { invitation, version } = await loadInvitation(deps.store, token);
  const { party, version: partyVersion } = await loadParty(deps.store, invitation);
  const chainId = disputeChainId(invitation.disputeId);
  const tokenHash = hashToken(token);
  const check = checkInvitation(
    invitation,
    {
      codeHash: hashCode(token, proof.code),
      idDigitsMatch: proof.idLastDigits.toUpperCase() === party.idMasked.slice(-idDigitsToProve).toUpperCase(),
    },
    now,
  );
  if (!check.ok && check.reason === 'used')
    throw new RuleViolation('invitation_used', 'this invitation has been used already');
  if (!check.ok && check.reason === 'revoked')
    throw new RuleViolation('invitation_revoked', 'a newer invitation replaced this one; use the latest message');
  if (!check.ok && check.reason === 'expired')
    throw new RuleViolation('invitation_expired', 'this invitation has expired');
  if (!check.ok && check.reason === 'locked') {
    throw new RuleViolation('invitation_locked', 'too many wrong tries of this code; ask for a fresh code', {
      details: { lockedUntil: check.lockedUntil },
    });
  }
  // Counted before it is judged, so parallel guesses from one client are all counted.
  if (attempt === 1) await deps.sendAllowances.takeCodeTry(`invitation:${tokenHash}`, proof.client);

  if (!check.ok) {
    // Count the wrong try (and lock at the fifth) before answering; a lost race is retried from a fresh read.
    const next = afterFailedAttempt(invitation, now);
    await deps.store.commit({
      chainId,
      writes: [deps.store.disputes.invitationWrite(version, tokenHash, next)],
      event: {
        type: 'party.join_failed',
        actor: { role: 'party', subjectId: partySubjectFor(party) },
        data: { partyId: party.partyId, locked: next.lockedUntil !== undefined },
      },
    });
    // What this client may still try: the link's own count, and the client's allowance on it.
    const clientLeft = await deps.sendAllowances.codeTriesLeft(`invitation:${tokenHash}`, proof.client);
    throw new RuleViolation('join_proof_failed', 'the code or the ID digits do not match', {
      details: {
        triesLeft: next.lockedUntil
          ? 0
          : Math.min(maxFailedAttempts, maxFailedPerCode - next.failedAttempts, clientLeft),
        ...(next.lockedUntil ? { lockedUntil: next.lockedUntil } : {}),
      },
    });
  }
  // Proved: the try is given back, only wrong guesses count against the client.
  if (attempt === 1) await deps.sendAllowances.returnCodeTry(`invitation:${tokenHash}`, proof.client);
  return { invitation, version, party, partyVersion, tokenHash };
}

async function loadInvitation(store: StateStore, token: string): Promise<{ invitation: Invitation; version: number }> {
  const stored = await store.disputes.invitation(hashToken(token));
  if (!stored) throw new NotFound('no such invitation');
  return stored;
}

async function loadParty(store: StateStore, invitation: Invitation): Promise<{ party: CaseParty; version: number }> {
  const stored = await store.disputes.party(invitation.disputeId, invitation.partyId);
  if (!stored) throw new NotFound('no such invitation');
  return stored;
}
