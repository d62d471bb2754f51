import { normalizeIdNumber } from '../../domain/id-number';
import { maskIdNumber } from '../../domain/masking';
import type { PiiVault, ProtectedIdNumber } from '../../ports/pii-vault';

/**
 * How every vault keeps an ID number, whatever holds its keys: the normalized number's look-up
 * hash, the number sealed, and its masked display form.
 */
export async function protectIdNumber(
  vault: Pick<PiiVault, 'lookupHash' | 'seal'>,
  idNumber: string,
): Promise<ProtectedIdNumber> {
  const normalized = normalizeIdNumber(idNumber);
  return {
    lookupHash: await vault.lookupHash(normalized),
    ciphertext: await vault.seal(normalized),
    masked: maskIdNumber(normalized),
  };
}
