/** An ID number as the platform keeps it: never in the clear. */
export interface ProtectedIdNumber {
  /** Keyed hash (HMAC-SHA-256, hex) of the normalized number: the look-up key of a person or company. */
  lookupHash: string;
  /** Envelope-encrypted number (base64url), readable only through the vault. */
  ciphertext: string;
  /** Display form, e.g. `440308********1234`. */
  masked: string;
}

export interface PiiVault {
  protect(idNumber: string): Promise<ProtectedIdNumber>;
  /** The keyed hash alone, to find an existing person by a number someone typed. */
  lookupHash(idNumber: string): Promise<string>;
  reveal(ciphertext: string): Promise<string>;
  /**
   * Any other personal data kept only to be given back (a stored idempotent answer): envelope-
   * encrypted as ID numbers are, readable with `reveal`.
   */
  seal(plaintext: string): Promise<string>;
}
