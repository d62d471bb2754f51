import type { ServiceConsent } from '../../domain/mediation/case-party';
import type { PersonConsentWriter } from '../../ports/identity-checks';
import type { EntityWrite, StateStore } from '../../ports/state-store';

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
  const person = await store.people.person(personHash);
  if (!person) return undefined;
  return store.people.personWrite(person.version, personHash, { ...person.value, serviceConsent: consent });
}

/** `personConsentWrite` on one store: what the composition roots lend the other features. */
export function personConsentWriterOf(store: StateStore): PersonConsentWriter {
  return (personHash, consent) => personConsentWrite(store, personHash, consent);
}
