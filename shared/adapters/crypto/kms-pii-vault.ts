import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { normalizeIdNumber } from '../../domain/id-number';
import type { PiiVault, ProtectedIdNumber } from '../../ports/pii-vault';
import { open, seal } from './envelope';
import { protectIdNumber } from './protect-id-number';

/**
 * The vault in AWS: a fresh KMS data key per record (envelope encryption) and a KMS HMAC key for the
 * look-up hash, so neither the plaintext key nor the HMAC secret ever leaves KMS unwrapped for long.
 */
export class KmsPiiVault implements PiiVault {
  /** The vault with its own KMS client for the Region. */
  static inRegion(region: string, keyIds: { encryptionKeyId: string; hmacKeyId: string }): KmsPiiVault {
    return new KmsPiiVault(new KMSClient({ region }), keyIds);
  }

  constructor(
    private readonly kms: KMSClient,
    private readonly keyIds: { encryptionKeyId: string; hmacKeyId: string },
  ) {}

  protect(idNumber: string): Promise<ProtectedIdNumber> {
    return protectIdNumber(this, idNumber);
  }

  async seal(plaintext: string): Promise<string> {
    const dataKey = await this.kms.send(
      new GenerateDataKeyCommand({ KeyId: this.keyIds.encryptionKeyId, KeySpec: 'AES_256' }),
    );
    if (!dataKey.Plaintext || !dataKey.CiphertextBlob) throw new Error('KMS returned no data key');
    const wrappedKey = Buffer.from(dataKey.CiphertextBlob).toString('base64url');
    return `${wrappedKey}~${seal(plaintext, dataKey.Plaintext)}`;
  }

  async lookupHash(idNumber: string): Promise<string> {
    const result = await this.kms.send(
      new GenerateMacCommand({
        KeyId: this.keyIds.hmacKeyId,
        MacAlgorithm: 'HMAC_SHA_256',
        Message: Buffer.from(normalizeIdNumber(idNumber), 'utf8'),
      }),
    );
    if (!result.Mac) throw new Error('KMS returned no MAC');
    return Buffer.from(result.Mac).toString('hex');
  }

  async reveal(ciphertext: string): Promise<string> {
    const [wrappedKey, sealed] = ciphertext.split('~');
    if (!wrappedKey || !sealed) throw new Error('protected value is malformed');
    const dataKey = await this.kms.send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(wrappedKey, 'base64url'), KeyId: this.keyIds.encryptionKeyId }),
    );
    if (!dataKey.Plaintext) throw new Error('KMS could not unwrap the data key');
    return open(sealed, dataKey.Plaintext);
  }
}
