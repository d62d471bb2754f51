import { contactsChanged } from '../../domain/contacts/contacts-changed';
import { NotFound, RuleViolation } from '../../domain/errors';
import { requireVerified } from '../../domain/identity/identity-assurance';
import type { CaseParty, ConsentBasis } from '../../domain/mediation/case-party';
import { disputeChainId } from '../../domain/mediation/dispute';
import type { Principal } from '../../domain/principal';
import { partiesOf } from './dispute-access';
import type { DisputeIdentityDeps } from './identity-deps';

/**
 * A party records (or restates) its own consent to electronic service, with its basis
 * (DESIGN.md, Identity). Consent belongs to the party: recording it for another party is refused
 * (`consent_is_personal`), whoever asks; a caller who is no party of the dispute is told it does not
 * exist.
 *
 * Identity assurance: the consent is recorded only if the party is verified (an operator's
 * document check of the person, or the carrier confirming that the party's mobile — its own
 * service phone, else the invited one whose code it proved — is registered to its ID number and
 * name; or the level its consent at joining was given at); the level is kept with the consent and
 * in the chained event. Otherwise 422
 * `identity_not_verified`, and nothing is written.
 */
export async function recordConsent(
  deps: DisputeIdentityDeps,
  principal: Principal,
  disputeId: string,
  partyId: string,
  consent: { basis: ConsentBasis; evidence?: string },
): Promise<CaseParty> {
  const parties = await partiesOf(deps.store, disputeId);
  const caller = parties.find((party) => party.subjectId === principal.subjectId);
  if (!caller) throw new NotFound(`no dispute ${disputeId}`);
  if (caller.partyId !== partyId) {
    throw new RuleViolation('consent_is_personal', 'a party records consent to electronic service for itself only');
  }
  const stored = await deps.store.disputes.party(disputeId, partyId);
  if (!stored) throw new NotFound(`no party ${partyId}`);
  const { party } = stored;
  // A party verified when it joined keeps that level when it restates its consent.
  const assurance = requireVerified(
    (await deps.identityChecks.assessIdentity(party, {
      mobile: party.serviceAddress?.phone ?? party.contact.phone,
      documentCheck: true,
    })) ?? party.consent?.assurance,
    'consent to electronic service',
  );
  const next: CaseParty = {
    ...party,
    consent: { ...consent, recordedAt: deps.clock.now().toISOString(), recordedBy: principal.subjectId, assurance },
  };
  const personWrite = next.consent ? await deps.personConsentWrite(next.personHash, next.consent) : undefined;
  await deps.store.commit({
    chainId: disputeChainId(disputeId),
    writes: [deps.store.disputes.partyWrite(stored.version, disputeId, next), ...(personWrite ? [personWrite] : [])],
    // A recipient waiting unserved for this person's consent resumes on it.
    outbox: [contactsChanged(next.personHash)],
    event: {
      type: 'party.consent_recorded',
      actor: principal,
      data: { partyId, basis: consent.basis, identityAssurance: { ...assurance } },
    },
  });
  return next;
}
