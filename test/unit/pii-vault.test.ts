import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';

const newVault = () => new LocalPiiVault({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) });

describe('LocalPiiVault', () => {
  it('stores an ID number encrypted, with a masked form and a keyed look-up hash', async () => {
    const vault = newVault();
    const stored = await vault.protect('44030819900101123x');
    expect(stored.masked).toBe('440308********123X');
    expect(stored.ciphertext).not.toContain('19900101');
    expect(await vault.reveal(stored.ciphertext)).toBe('44030819900101123X');
    expect(stored.lookupHash).toBe(await vault.lookupHash(' 440308 19900101123X'));
  });

  it('encrypts the same number differently each time but finds it by one hash', async () => {
    const vault = newVault();
    const first = await vault.protect('440308199001011234');
    const second = await vault.protect('440308199001011234');
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.lookupHash).toBe(second.lookupHash);
  });

  it('gives different look-up hashes under different keys, so a stolen table cannot be matched offline', async () => {
    expect(await newVault().lookupHash('440308199001011234')).not.toBe(
      await newVault().lookupHash('440308199001011234'),
    );
  });

  it('refuses a tampered ciphertext', async () => {
    const vault = newVault();
    const { ciphertext } = await vault.protect('440308199001011234');
    const tampered = `${ciphertext.slice(0, -2)}${ciphertext.endsWith('A') ? 'B' : 'A'}A`;
    await expect(vault.reveal(tampered)).rejects.toThrow();
  });
});
