import { Forbidden } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { PersonalDataViewRecorder } from '../../ports/personal-data-views';
import type { StateStore } from '../../ports/state-store';
import type { UnservedEntry } from './unserved-queue';

/** Who to post a document to: the recipient's name and every postal address on record. */
export interface Addressee {
  recipientId: string;
  name?: string;
  postalAddresses: string[];
}

export const unservedQueuePage = '/service-centre';

/**
 * The names and postal addresses of recipients waiting for alternative service, for the operator
 * who must post the document or publish the notice (DESIGN.md: when all addresses fail, an operator
 * records post or public notice). Operators only. Every showing is written to the audit log first,
 * one entry per service (its purpose) naming the recipients shown; a failed entry shows nothing.
 * Postal addresses marked invalid are left out.
 */
export async function unservedAddressees(
  deps: { store: StateStore; recordPersonalDataView: PersonalDataViewRecorder },
  principal: Principal,
  entries: readonly UnservedEntry[],
): Promise<Map<string, Addressee>> {
  if (principal.role !== 'operator') throw new Forbidden('the unserved queue is for operators');
  const found = await Promise.all(
    entries.map(async (entry) => {
      const [person, book] = await Promise.all([
        deps.store.people.person(entry.personHash),
        deps.store.services.addressBook(entry.personHash),
      ]);
      const name = person?.value.name;
      const postalAddresses = book.value
        .filter((address) => address.channel === 'postal' && !address.invalid)
        .map((address) => address.value);
      return { entry, addressee: { recipientId: entry.recipientId, ...(name ? { name } : {}), postalAddresses } };
    }),
  );
  const byService = Map.groupBy(found, ({ entry }) => entry.serviceId);
  await Promise.all(
    [...byService].map(([serviceId, shown]) =>
      deps.recordPersonalDataView(principal, {
        purpose: { kind: 'service', id: serviceId },
        page: unservedQueuePage,
        subjects: shown.map(({ entry, addressee }) => ({
          ref: entry.recipientId,
          personId: entry.personId,
          fields: [
            ...(addressee.name ? ['name' as const] : []),
            ...(addressee.postalAddresses.length > 0 ? ['postal_address' as const] : []),
          ],
        })),
      }),
    ),
  );
  return new Map(found.map(({ addressee }) => [addressee.recipientId, addressee]));
}
