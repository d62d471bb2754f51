import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { ProofSigner } from '../../ports/proof-signer';

/**
 * The proof key in KMS (key spec ECC_NIST_P256, usage SIGN_VERIFY): KMS hashes the message with
 * SHA-256 and signs it (ECDSA_SHA_256, a DER signature); the private key never leaves KMS.
 */
export class KmsProofSigner implements ProofSigner {
  private publicKey?: Promise<string>;

  static inRegion(region: string, keyId: string): KmsProofSigner {
    return new KmsProofSigner(new KMSClient({ region }), keyId);
  }

  constructor(
    private readonly kms: KMSClient,
    readonly keyId: string,
  ) {}

  async sign(message: Uint8Array): Promise<string> {
    const result = await this.kms.send(
      new SignCommand({ KeyId: this.keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    if (!result.Signature) throw new Error('KMS returned no signature');
    return Buffer.from(result.Signature).toString('base64');
  }

  /** Read once per process: a KMS key's public half never changes. */
  publicKeyPem(): Promise<string> {
    this.publicKey ??= this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId })).then((result) => {
      if (!result.PublicKey) throw new Error('KMS returned no public key');
      const base64 = Buffer.from(result.PublicKey).toString('base64');
      return `-----BEGIN PUBLIC KEY-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----\n`;
    });
    this.publicKey.catch(() => {
      this.publicKey = undefined;
    });
    return this.publicKey;
  }
}
