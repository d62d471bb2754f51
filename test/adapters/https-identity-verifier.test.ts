import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type IdentityProviderEmulator,
  identityTestMobiles,
  startIdentityProvider,
} from '../../infra/local/identity-provider';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import { createLogger } from '../../shared/adapters/logging/logger';
import { type IdentityClaim, IdentityProviderUnavailable } from '../../shared/ports/identity-verifier';

/** A resident of Futian registered with the emulator's carrier register. */
const resident: IdentityClaim = {
  idKind: 'resident_id',
  idNumber: '440300198807154321',
  name: '李四',
  mobile: '+8613712345678',
};

/**
 * The HTTPS adapter against the identity provider emulator, which answers the contract of
 * docs/identity-verifier.md: the answers it maps, the checks it never sends, and the failures it
 * reports as failures (never as `none`), without personal data in what it logs or throws.
 */
describe('HttpsIdentityVerifier', () => {
  let provider: IdentityProviderEmulator;
  let verifier: HttpsIdentityVerifier;
  beforeAll(async () => {
    const { idKind: _kind, ...registered } = resident;
    provider = await startIdentityProvider({ identities: [registered] });
    verifier = new HttpsIdentityVerifier({ settings: async () => provider.settings });
  });
  afterAll(() => provider?.stop());

  it('answers carrier_3f when the mobile is registered to the ID number and name', async () => {
    const answer = await verifier.verify(resident);

    expect(answer).toMatchObject({ level: 'carrier_3f', providerReference: expect.stringMatching(/^emu-/) });
  });

  it('answers none for a mobile registered to someone else, or a name that differs', async () => {
    expect(await verifier.verify({ ...resident, mobile: '+8613700000000' })).toEqual({
      level: 'none',
      reason: 'no_match',
    });
    expect(await verifier.verify({ ...resident, name: '李五' })).toEqual({ level: 'none', reason: 'no_match' });
  });

  it('finds an identity a test registers while running', async () => {
    const claim: IdentityClaim = { ...resident, idNumber: '11010519491231002X', mobile: '+8613911112222' };
    expect((await verifier.verify(claim)).level).toBe('none');

    provider.register({ idNumber: claim.idNumber, name: claim.name, mobile: claim.mobile });

    expect((await verifier.verify(claim)).level).toBe('carrier_3f');
  });

  it('answers none without asking for passports, travel permits and companies', async () => {
    const before = provider.checks().length;

    for (const idKind of ['passport', 'travel_permit', 'company_credit_code'] as const) {
      expect(await verifier.verify({ ...resident, idKind })).toEqual({ level: 'none', reason: 'not_checkable' });
    }

    expect(provider.checks()).toHaveLength(before);
  });

  it('answers none without a request when unconfigured (no secret, or the stack’s empty {})', async () => {
    const before = provider.checks().length;
    const fetchSpy = vi.fn(globalThis.fetch);

    for (const settings of [undefined, {}]) {
      const unconfigured = new HttpsIdentityVerifier({ settings: async () => settings, fetch: fetchSpy });
      expect(await unconfigured.verify(resident)).toEqual({ level: 'none', reason: 'not_configured' });
    }

    expect(fetchSpy).not.toHaveBeenCalled();
    expect(provider.checks()).toHaveLength(before);
  });

  it('fails clearly on a wrong API key, a provider error, a timeout and an unreachable provider', async () => {
    const wrongKey = new HttpsIdentityVerifier({
      settings: async () => ({ ...provider.settings, apiKey: 'x'.repeat(32) }),
    });
    await expect(wrongKey.verify(resident)).rejects.toThrow(
      new IdentityProviderUnavailable('the identity provider answered HTTP 401'),
    );

    const [failing] = Object.entries(identityTestMobiles).filter(([, status]) => status === 503);
    await expect(verifier.verify({ ...resident, mobile: String(failing?.[0]) })).rejects.toThrow(/HTTP 503/);

    const slow = new HttpsIdentityVerifier({
      settings: async () => provider.settings,
      timeoutMs: 50,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ) as Promise<Response>,
    });
    await expect(slow.verify(resident)).rejects.toThrow(/did not answer \(TimeoutError\)/);

    const stopped = await startIdentityProvider();
    await stopped.stop();
    const unreachable = new HttpsIdentityVerifier({ settings: async () => stopped.settings });
    await expect(unreachable.verify(resident)).rejects.toBeInstanceOf(IdentityProviderUnavailable);
  });

  it('fails clearly on an answer outside the contract and on settings that are not valid', async () => {
    const odd = new HttpsIdentityVerifier({
      settings: async () => provider.settings,
      fetch: async () => Response.json({ result: 'probably' }),
    });
    await expect(odd.verify(resident)).rejects.toThrow(/outside its contract/);

    for (const settings of [
      { url: 'http://provider.example', apiKey: 'k'.repeat(32) }, // plain http off loopback
      { url: 'https://provider.example' }, // no key
      { url: 'https://provider.example', apiKey: 'short' },
    ]) {
      const misconfigured = new HttpsIdentityVerifier({ settings: async () => settings });
      await expect(misconfigured.verify(resident)).rejects.toThrow(/settings are invalid/);
    }

    const unreadable = new HttpsIdentityVerifier({
      settings: async () => {
        throw new Error('the secrets extension answered HTTP 400');
      },
    });
    await expect(unreadable.verify(resident)).rejects.toThrow(/settings could not be read/);
  });

  it('sends the contract’s request: a bearer key and the claim as JSON, to /v1/carrier-three-factor', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const recording = new HttpsIdentityVerifier({
      settings: async () => provider.settings,
      fetch: (input, init) => {
        seen.push({ url: String(input), init });
        return globalThis.fetch(input, init);
      },
    });

    await recording.verify(resident);

    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(`${provider.endpoint}/v1/carrier-three-factor`);
    expect(seen[0]?.init?.method).toBe('POST');
    expect(new Headers(seen[0]?.init?.headers).get('authorization')).toBe(`Bearer ${provider.settings.apiKey}`);
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({
      idType: 'resident_id',
      idNumber: resident.idNumber,
      name: resident.name,
      mobile: resident.mobile,
    });
  });

  it('logs outcomes and failures without the ID number, the name or the mobile', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    const writes = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    const logger = createLogger('identity-test', 'DEBUG');
    const logged = new HttpsIdentityVerifier({
      settings: async () => provider.settings,
      onOutcome: (outcome) => logger.info('identity check', outcome),
    });
    try {
      await logged.verify(resident);
      await logged.verify({ ...resident, mobile: '+8613700000000' });
      const failing = Object.keys(identityTestMobiles)[0] as string;
      await logged.verify({ ...resident, mobile: failing }).catch((error: Error) => {
        logger.error('identity check failed', { error });
      });
    } finally {
      for (const write of writes) write.mockRestore();
    }

    const output = written.join('');
    expect(output).toContain('"result":"carrier_3f"');
    expect(output).toContain('"result":"no_match"');
    expect(output).toContain('"status":');
    expect(output).toContain('the identity provider answered HTTP 503');
    for (const secret of [resident.idNumber, resident.name, '13712345678', '13700000000', '4321', '5678']) {
      expect(output).not.toContain(secret);
    }
  });
});
