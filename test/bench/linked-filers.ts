import { loadOrCreateSecrets } from '../../infra/local/local-secrets';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';
import { residentIdCheckCharacter } from '../../shared/domain/id-number';
import { personSubjectId } from '../../shared/domain/identity/person-id';

/** The n-th bench applicant: a resident ID number no other n gives (birth day and sequence from n). */
export function benchApplicantId(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 900) * 86_400_000);
  const first17 = `440304${birth.toISOString().slice(0, 10).replaceAll('-', '')}${100 + (n % 900)}`;
  return first17 + residentIdCheckCharacter(first17);
}

/**
 * The subject a bench applicant files as on the platform of `dataDir`: a party files only through a
 * sign-in linked to its person (file-dispute.ts), which acts as `person:<hash>`, hashed with that
 * platform's own key.
 */
export async function linkedFilerSubject(dataDir: string): Promise<(idNumber: string) => Promise<string>> {
  const secrets = await loadOrCreateSecrets(dataDir);
  const vault = new LocalPiiVault({ encryptionKey: secrets.piiEncryptionKey, hmacKey: secrets.piiHmacKey });
  return async (idNumber) => personSubjectId(await vault.lookupHash(idNumber));
}
