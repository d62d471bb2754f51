import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startIdentityProvider } from '../../infra/local/identity-provider';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';

const person = { idNumber: '440300199203034567', name: '赵六', mobile: '+8613612345678' };

describe('the identity provider emulator', () => {
  it('keeps an identity registered through POST /identities across a restart on the same register file', async () => {
    // Prepare: an emulator on a data directory, and a person registered as a developer would.
    const registerFile = join(await mkdtemp(join(tmpdir(), 'identity-')), 'identity', 'register.jsonl');
    const first = await startIdentityProvider({ registerFile });
    const registered = await fetch(`${first.endpoint}/identities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person),
    });
    expect(registered.status).toBe(201);
    await first.stop();

    // Act: the emulator starts again (npm start after a stop).
    const second = await startIdentityProvider({ registerFile });
    const memoryOnly = await startIdentityProvider();
    try {
      const claim = { idKind: 'resident_id' as const, ...person };
      const answer = await new HttpsIdentityVerifier({ settings: async () => second.settings }).verify(claim);
      const forgotten = await new HttpsIdentityVerifier({ settings: async () => memoryOnly.settings }).verify(claim);

      // Assess: the carrier still knows the person; an emulator without a file never did.
      expect(answer.level).toBe('carrier_3f');
      expect(forgotten.level).toBe('none');
    } finally {
      await second.stop();
      await memoryOnly.stop();
    }
  });
});
