/**
 * The platform's proof key: an asymmetric key that signs chain checkpoints and proof bundles
 * (ECDSA P-256 with SHA-256). Its private half never leaves KMS in AWS; anyone can verify with
 * the public half (GET /v1/proof/public-key), offline.
 */
export interface ProofSigner {
  /** Names the key in every signature it makes. */
  readonly keyId: string;
  /** The DER signature of `message`, base64. */
  sign(message: Uint8Array): Promise<string>;
  /** The public key, PEM (SubjectPublicKeyInfo). */
  publicKeyPem(): Promise<string>;
}
