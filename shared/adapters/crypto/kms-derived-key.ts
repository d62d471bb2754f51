import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';

/**
 * A 32-byte key derived from a KMS HMAC key (HMAC-SHA-256 of a fixed label, computed inside KMS),
 * for a process that must MAC often with a key shared by all its instances: one KMS call at start,
 * the KMS key itself never leaves KMS, and another label gives an unrelated key.
 */
export async function deriveKeyFromKms(
  kms: { region: string } | KMSClient,
  hmacKeyId: string,
  label: string,
): Promise<Uint8Array> {
  const client = kms instanceof KMSClient ? kms : new KMSClient({ region: kms.region });
  const result = await client.send(
    new GenerateMacCommand({ KeyId: hmacKeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(label, 'utf8') }),
  );
  if (!result.Mac || result.Mac.length < 32) throw new Error('KMS returned no MAC for the derived key');
  return result.Mac;
}
