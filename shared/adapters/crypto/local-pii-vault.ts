import { createHmac, randomBytes } from 'node:crypto';
import { normalizeIdNumber } from '../../domain/id-number';
import type { PiiVault, ProtectedIdNumber } from '../../ports/pii-vault';
import { open, seal } from './envelope';
import { protectIdNumber } from './protect-id-number';

/**
 * The embedded runtime's vault: the same envelope scheme as in AWS, with a local key-encryption key
 * and HMAC key (generated on first start under .data/) standing in for the KMS keys.
 */
export class LocalPiiVault implements PiiVault {
  constructor(private readonly keys: { encryptionKey: Uint8Array; hmacKey: Uint8Array }) {}

  protect(idNumber: string): Promise<ProtectedIdNumber> {
    return protectIdNumber(this, idNumber);
  }

  async seal(plaintext: string): Promise<string> {
    const dataKey = randomBytes(32);
    const wrappedKey = seal(dataKey.toString('base64url'), this.keys.encryptionKey);
    return `${wrappedKey}~${seal(plaintext, dataKey)}`;
  }

  async lookupHash(idNumber: string): Promise<string> {
    return createHmac('sha256', this.keys.hmacKey).update(normalizeIdNumber(idNumber)).digest('hex');
  }

  async reveal(ciphertext: string): Promise<string> {
    const [wrappedKey, sealed] = ciphertext.split('~');
    if (!wrappedKey || !sealed) throw new Error('protected value is malformed');
    const dataKey = Buffer.from(open(wrappedKey, this.keys.encryptionKey), 'base64url');
    return open(sealed, dataKey);
  }
}
