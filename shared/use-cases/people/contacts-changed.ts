import type { OutboxMessage } from '../../ports/state-store';

/**
 * A person's service addresses or consent changed (an address given at filing, joining, by an
 * operator or a court; a consent recorded). Written in the same commit as the change, so whatever
 * waits on the person (a recipient left `unserved` for want of a usable address) is told at least
 * once, whoever made the change.
 */
export const contactsChangedType = 'person.contacts_changed';

export function contactsChanged(personHash: string): OutboxMessage {
  return { type: contactsChangedType, payload: { personHash } };
}
