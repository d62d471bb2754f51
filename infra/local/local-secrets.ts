import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LocalProofSigner } from '../../shared/adapters/crypto/local-proof-signer';
import { generateLocalIssuerKey, type LocalIssuerKey } from './local-issuer';

/**
 * The embedded runtime's stand-ins for Cognito's signing key and the KMS keys: generated on first
 * start and kept under `.data/keys/` (git-ignored, readable by the owner only), so tokens minted by
 * `npm run token` and data encrypted yesterday still work after a restart.
 */
export interface LocalSecrets {
  /** The local issuer's RS256 key (Cognito's signing key in AWS): tokens and its JWKS. */
  issuerKey: LocalIssuerKey;
  piiEncryptionKey: Uint8Array;
  piiHmacKey: Uint8Array;
  /** The proof key's stand-in (KMS in AWS): signs chain checkpoints and proof bundles. */
  proofKeyPem: string;
  /** Signs pagination cursors (the KMS-derived key in AWS). */
  cursorKey: Uint8Array;
}

interface StoredSecrets {
  /** Absent in files written before the local issuer signed with RS256: added on the next start. */
  issuerKey?: LocalIssuerKey;
  piiEncryptionKey: string;
  piiHmacKey: string;
  /** Absent in files written before proofs were signed: added on the next start. */
  proofKeyPem?: string;
  /** Absent in files written before cursors were signed: added on the next start. */
  cursorKey?: string;
}

export const secretsFile = (dataDir: string) => join(dataDir, 'keys', 'local-secrets.json');

/** The local issuer's app clients (courts' credentials, secrets hashed), beside the keys. */
export const issuerClientsFile = (dataDir: string) => join(dataDir, 'keys', 'local-issuer-clients.json');

/** The local managed login's users: parties' subs by contact, staff with password hashes and TOTP secrets. */
export const issuerUsersFile = (dataDir: string) => join(dataDir, 'keys', 'local-issuer-users.json');

/** Loads the secrets of `dataDir`, creating them on first use; without a dataDir, fresh ones in memory. */
export async function loadOrCreateSecrets(dataDir?: string): Promise<LocalSecrets> {
  if (dataDir === undefined) return fromStored(await newSecrets());
  const file = secretsFile(dataDir);
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as StoredSecrets;
    // Keys added after a data directory was created are added to its file on the next start.
    if (stored.proofKeyPem === undefined || stored.cursorKey === undefined || stored.issuerKey === undefined) {
      stored.issuerKey ??= await generateLocalIssuerKey();
      stored.proofKeyPem ??= LocalProofSigner.generatePrivateKeyPem();
      stored.cursorKey ??= randomBytes(32).toString('base64');
      await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    }
    return fromStored(stored);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const stored = await newSecrets();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: 'wx' });
  return fromStored(stored);
}

async function newSecrets(): Promise<StoredSecrets> {
  return {
    issuerKey: await generateLocalIssuerKey(),
    piiEncryptionKey: randomBytes(32).toString('base64'),
    piiHmacKey: randomBytes(32).toString('base64'),
    proofKeyPem: LocalProofSigner.generatePrivateKeyPem(),
    cursorKey: randomBytes(32).toString('base64'),
  };
}

async function fromStored(stored: StoredSecrets): Promise<LocalSecrets> {
  return {
    issuerKey: stored.issuerKey ?? (await generateLocalIssuerKey()),
    piiEncryptionKey: Buffer.from(stored.piiEncryptionKey, 'base64'),
    piiHmacKey: Buffer.from(stored.piiHmacKey, 'base64'),
    proofKeyPem: stored.proofKeyPem ?? LocalProofSigner.generatePrivateKeyPem(),
    cursorKey: Buffer.from(stored.cursorKey ?? '', 'base64'),
  };
}
