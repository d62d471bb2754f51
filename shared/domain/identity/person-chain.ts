/**
 * The chain of a person's own facts (its address book's changes), named after the person's
 * look-up hash. Chain ids are part of the proof: a verifier reads a chain by this name.
 */
export const personChainId = (personHash: string) => `PERSON#${personHash}`;
