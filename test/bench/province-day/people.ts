import type { Principal } from '../../../shared/domain/principal';
import type { StateStore } from '../../../shared/ports/state-store';
import { addCourtCase, seedPerson } from '../../support/people-fixtures';

/**
 * The day's recipients as intake leaves them before a court serves them, written straight to the
 * store as the flow tests seed them (test/support/people-fixtures.ts): a person with an operator's
 * document check and the person's own consent, the public-id look-up, and the court case that makes the person a party the court may serve. Setup, not load:
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
  const { personHash, personId } = await seedPerson(store, { actor: intake });
  return { personHash, personId, channel, address };
}

/** A case of the court with these persons as its parties (as filing a dispute naming the court does). */
export async function seedCourtCase(store: StateStore, courtId: string, persons: Recipient[]): Promise<void> {
  await addCourtCase(store, courtId, persons, intake);
}
