/**
 * A person's service addresses or consent changed (an address given at filing, joining, by an
 * operator or a court; a consent recorded). Written in the same commit as the change, so whatever
 * waits on the person (a recipient left `unserved` for want of a usable address) is told at least
 * once, whoever made the change.
 */
export const contactsChangedType = 'person.contacts_changed';

/** The outbox message (the state store's `OutboxMessage`, typed here without the port) telling of it. */
export type ContactsChangedMessage = { type: typeof contactsChangedType; payload: { personHash: string } };

export function contactsChanged(personHash: string): ContactsChangedMessage {
  return { type: contactsChangedType, payload: { personHash } };
}
