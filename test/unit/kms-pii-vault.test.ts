import { createHmac, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../../shared/adapters/crypto/envelope';
import { KmsPiiVault } from '../../shared/adapters/crypto/kms-pii-vault';

/**
 * KMS cannot run on this machine, so these tests give the adapter a fake KMS client that answers
 * the three commands it uses as KMS does (a wrapped data key, a MAC), to check the envelope logic.
 */
function fakeKms(): KMSClient {
  const masterKey = randomBytes(32);
  const macKey = randomBytes(32);
  return {
    send: async (command: unknown) => {
      if (command instanceof GenerateDataKeyCommand) {
        const plaintext = randomBytes(32);
        return { Plaintext: plaintext, CiphertextBlob: Buffer.from(seal(plaintext.toString('base64'), masterKey)) };
      }
      if (command instanceof DecryptCommand) {
        const wrapped = Buffer.from(command.input.CiphertextBlob as Uint8Array).toString();
        return { Plaintext: Buffer.from(open(wrapped, masterKey), 'base64') };
      }
      if (command instanceof GenerateMacCommand) {
        return {
          Mac: createHmac('sha256', macKey)
            .update(command.input.Message as Uint8Array)
            .digest(),
        };
      }
      throw new Error('unexpected command');
    },
  } as unknown as KMSClient;
}

describe('KmsPiiVault with a fake KMS client (no KMS can run here)', () => {
  it('round-trips an ID number through a per-record data key', async () => {
    const vault = new KmsPiiVault(fakeKms(), { encryptionKeyId: 'alias/pii', hmacKeyId: 'alias/pii-hmac' });
    const stored = await vault.protect('440308199001011234');
    expect(stored.masked).toBe('440308********1234');
    expect(stored.ciphertext).not.toContain('199001011234');
    expect(await vault.reveal(stored.ciphertext)).toBe('440308199001011234');
    expect(stored.lookupHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await vault.lookupHash('440308199001011234')).toBe(stored.lookupHash);
  });
});
