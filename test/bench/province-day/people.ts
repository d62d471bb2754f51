import { randomBytes } from 'node:crypto';
import type { IdentityAssurance } from '../../../shared/domain/identity/identity-assurance';
import { personChainId } from '../../../shared/domain/identity/person-chain';
import { publicPersonId } from '../../../shared/domain/identity/person-id';
import { disputeChainId } from '../../../shared/domain/mediation/dispute';
import type { Principal } from '../../../shared/domain/principal';
import type { StateStore } from '../../../shared/ports/state-store';

/**
 * The day's recipients as intake leaves them before a court serves them, written straight to the
 * store as the flow tests seed them (test/support/service-harness.ts cannot be imported outside
 * vitest): a person with an operator's document check and the person's own consent, the public-id
 * look-up, and the court case that makes the person a party the court may serve. Setup, not load:
 * these writes go through the bench's own client, not the metered platform.
 */

const intake: Principal = { role: 'operator', subjectId: 'op-province-day-intake' };

export interface Recipient {
  personHash: string;
  personId: string;
  channel: 'sms' | 'email';
  address: string;
}

export async function seedRecipient(store: StateStore, channel: 'sms' | 'email', address: string): Promise<Recipient> {
  const personHash = randomBytes(32).toString('hex');
  const now = new Date().toISOString();
  const check: IdentityAssurance = {
    level: 'operator_document',
    checkedAt: now,
    documentKind: 'resident_id',
    documentId: `scan-${randomBytes(5).toString('hex')}`,
    documentSha256: randomBytes(32).toString('hex'),
    checkedBy: intake.subjectId,
  };
  await store.commit({
    chainId: personChainId(personHash),
    writes: [
      store.people.personWrite(0, personHash, {
        lookupHash: personHash,
        kind: 'person',
        name: '张三',
        idMasked: `440308********${String(1000 + Math.floor(Math.random() * 8999))}`,
        // A served person's ID number is never revealed (only a party's, met through a filing).
        ciphertext: 'bench:not-revealable',
        createdAt: now,
        identityDocumentCheck: check,
        serviceConsent: { basis: 'platform_declaration', recordedAt: now, recordedBy: 'self', assurance: check },
      }),
      store.people.personIdWrite(personHash),
    ],
    event: { type: 'person.registered', actor: intake, data: {} },
  });
  return { personHash, personId: publicPersonId(personHash), channel, address };
}

/** A case of the court with these persons as its parties (as filing a dispute naming the court does). */
export async function seedCourtCase(store: StateStore, courtId: string, persons: Recipient[]): Promise<void> {
  const disputeId = `dsp_${randomBytes(5).toString('hex')}`;
  await store.commit({
    chainId: disputeChainId(disputeId),
    writes: store.people.courtMembershipWrites(
      courtId,
      disputeId,
      persons.map((person) => person.personHash),
    ),
    event: { type: 'dispute.filed', actor: intake, data: { disputeId } },
  });
}
