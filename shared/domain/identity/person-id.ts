/**
 * The public id of a person or company: `psn_` and the first 32 hex characters (128 bits) of the
 * keyed look-up hash of its ID number. It names the person in routes (`/v1/parties/{id}/...`)
 * without revealing the hash, and cannot be reversed to the ID number (the hash is an HMAC).
 */
export function publicPersonId(lookupHash: string): string {
  return `psn_${lookupHash.slice(0, 32)}`;
}
