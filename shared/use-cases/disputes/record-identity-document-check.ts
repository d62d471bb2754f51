import { NotFound, RuleViolation } from '../../domain/errors';
import { normalizeIdNumber } from '../../domain/id-number';
import { type IdentityAssurance, type IdKind, idKindOf } from '../../domain/identity/identity-assurance';
import { disputeChainId } from '../../domain/mediation/dispute';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { PiiVault } from '../../ports/pii-vault';
import type { StateStore } from '../../ports/state-store';

export interface DocumentCheck {
  documentKind: IdKind;
  /** The operator's reference of the document seen (a scan's id in the records system). */
  documentId: string;
  /** SHA-256 (hex) of the document's scan, so the record can later be matched to it. */
  documentSha256: string;
}

/**
 * An operator records that they checked an identity document of a party (DESIGN.md, Identity
 * assurance: passports, travel permits and companies reach `operator_document` this way, and
 * anyone whose mobile the carrier cannot match). The party must have joined (or filed): the
 * operator vouches for the one acting as the party, so a check before anyone holds the party's
 * session would vouch for whoever joins next. The document must be of the party's own ID kind.
 * The check is kept on the person (it is who they are, in any dispute) and chained on the dispute
 * as `party.identity_document_checked`; the person's later consent and designations rest on it.
 */
export async function recordIdentityDocumentCheck(
  deps: { store: StateStore; clock: Clock; vault: PiiVault },
  principal: Principal,
  disputeId: string,
  partyId: string,
  check: DocumentCheck,
): Promise<{ partyId: string; identityAssurance: IdentityAssurance }> {
  const stored = await deps.store.disputes.party(disputeId, partyId);
  if (!stored) throw new NotFound(`no party ${partyId} in dispute ${disputeId}`);
  const { party } = stored;
  if (!party.subjectId) {
    throw new RuleViolation('party_not_joined', 'a document check is recorded for a party that has joined the dispute');
  }
  const person = await deps.store.people.person(party.personHash);
  if (!person) throw new NotFound(`no person behind party ${partyId}`);
  const expectedKind = idKindOf(party.kind, normalizeIdNumber(await deps.vault.reveal(person.value.ciphertext)));
  if (check.documentKind !== expectedKind) {
    throw new RuleViolation(
      'document_kind_mismatch',
      `this party is identified by a ${expectedKind.replaceAll('_', ' ')}; a ${check.documentKind.replaceAll('_', ' ')} does not identify it`,
      { details: { expectedKind } },
    );
  }
  const identityAssurance: IdentityAssurance = {
    level: 'operator_document',
    checkedAt: deps.clock.now().toISOString(),
    documentKind: check.documentKind,
    documentId: check.documentId,
    documentSha256: check.documentSha256,
    checkedBy: principal.subjectId,
  };
  await deps.store.commit({
    chainId: disputeChainId(disputeId),
    writes: [
      deps.store.people.personWrite(person.version, party.personHash, {
        ...person.value,
        identityDocumentCheck: identityAssurance,
      }),
    ],
    event: {
      type: 'party.identity_document_checked',
      actor: principal,
      data: { partyId, identityAssurance: { ...identityAssurance } },
    },
  });
  return { partyId, identityAssurance };
}
