import type { ServiceConsent } from '../../domain/mediation/case-party';
import type { EntityWrite, StateStore } from '../../ports/state-store';
import { personRecords } from './person-records';

/**
 * Consent to electronic service belongs to the person, whatever dispute it was given in: the
 * person's record keeps the latest consent the person gave, written in the same change that records
 * it on the case party, so service (flow 3) asks one place.
 */
export async function personConsentWrite(
  store: StateStore,
  personHash: string,
  consent: ServiceConsent,
): Promise<EntityWrite | undefined> {
  const key = personRecords.key(personHash);
  const person = await store.get(key);
  if (!person) return undefined;
  return { key, expectedVersion: person.version, attributes: { ...person.attributes, serviceConsent: consent } };
}
