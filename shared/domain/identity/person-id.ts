/**
 * The public id of a person or company: `psn_` and the first 32 hex characters (128 bits) of the
 * keyed look-up hash of its ID number. It names the person in routes (`/v1/parties/{id}/...`)
 * without revealing the hash, and cannot be reversed to the ID number (the hash is an HMAC).
 */
export function publicPersonId(lookupHash: string): string {
  return `psn_${lookupHash.slice(0, 32)}`;
}

/**
 * The one rule for who a person acts as: `person:` and the first 40 characters of its look-up hash.
 * A respondent who joined (join-dispute.ts, `partySubjectFor`) and a party whose sign-in is linked
 * are the same subject, so each sees the disputes the other's actions made.
 */
export function personSubjectId(personHash: string): string {
  return `person:${personHash.slice(0, 40)}`;
}

/** Whether a principal's subject is a person's (a linked sign-in or a joined respondent). */
export function isPersonSubject(subjectId: string): boolean {
  return subjectId.startsWith('person:');
}
