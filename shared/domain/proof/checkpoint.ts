import { createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/**
 * A checkpoint is a chain head signed by the platform's proof key and written once under S3 Object
 * Lock: after it, nobody who can write the table (the operator included) can rewrite the events it
 * covers without the change showing, because the signed hash no longer matches the event at its
 * sequence. docs/proof-of-service.md states the rule for outside verifiers.
 */
export const checkpointAlgorithm = 'ECDSA_SHA_256' as const;

export interface CheckpointStatement {
  kind: 'chain-checkpoint';
  version: 1;
  chainId: string;
  /** The head it signs: the sequence and hash of the chain's newest event at signing time. */
  seq: number;
  hash: string;
  /** When it was signed (ISO 8601, UTC). */
  at: string;
  /** The signing key (a KMS key ARN in AWS, `local:<fingerprint>` on the embedded stack). */
  keyId: string;
}

export interface SignedCheckpoint {
  statement: CheckpointStatement;
  /** ECDSA P-256 with SHA-256 over `statementBytes(statement)`, DER-encoded, base64. */
  signature: string;
}

/** The bytes that are signed: the statement's canonical JSON in UTF-8. */
export function statementBytes(statement: CheckpointStatement): Buffer {
  return Buffer.from(canonicalJson(statement), 'utf8');
}

/** True when `signature` (base64 DER) is the public key's ECDSA-SHA-256 signature of `message`. */
export function signatureIsValid(message: Uint8Array, signature: string, publicKeyPem: string): boolean {
  try {
    return verify('sha256', message, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    // A malformed key or signature is not a valid signature.
    return false;
  }
}
