import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { ProofSigner } from '../../ports/proof-signer';

/**
 * The proof key of the embedded stack: a P-256 key pair held by this process (kept across restarts
 * in the local secrets file), signing exactly as KMS does for ECDSA_SHA_256 (SHA-256, DER).
 */
export class LocalProofSigner implements ProofSigner {
  readonly keyId: string;
  private readonly privateKey: KeyObject;
  private readonly publicPem: string;

  /** A new key pair, as PKCS#8 PEM for storing. */
  static generatePrivateKeyPem(): string {
    return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
  }

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicPem = createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }) as string;
    const fingerprint = createHash('sha256').update(this.publicPem).digest('hex').slice(0, 16);
    this.keyId = `local:${fingerprint}`;
  }

  async sign(message: Uint8Array): Promise<string> {
    return sign('sha256', message, this.privateKey).toString('base64');
  }

  async publicKeyPem(): Promise<string> {
    return this.publicPem;
  }
}
