import { describe, expect, it } from 'vitest';
import {
  authorizeUrlFor,
  codeChallengeFor,
  codeVerifierShape,
  newPendingSignIn,
  sameOriginPath,
} from '../../functions/http/auth/pkce';
import { CookieSealer } from '../../functions/http/auth/sealed-cookie';
import { base32Decode, base32Encode, hotp, totp, totpMatches } from '../../infra/local/totp';

describe('PKCE and state', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    expect(codeChallengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a fresh verifier, state and nonce per sign-in, the verifier within RFC 7636 limits', () => {
    const first = newPendingSignIn('parties', '/cases');
    const second = newPendingSignIn('parties', '/cases');
    expect(first.verifier).toMatch(codeVerifierShape);
    expect(first.verifier).not.toBe(second.verifier);
    expect(first.state).not.toBe(second.state);
    expect(first.nonce).not.toBe(second.nonce);
    expect(first.state.length).toBeGreaterThanOrEqual(32);
  });

  it('sends the challenge, never the verifier, to the authorize endpoint', () => {
    const pending = newPendingSignIn('staff', '/inbox');
    const url = new URL(
      authorizeUrlFor(
        pending,
        { authorizeUrl: 'https://auth.example/oauth2/authorize', clientId: 'abc' },
        'https://p.example/auth/callback',
      ),
    );
    expect(url.origin + url.pathname).toBe('https://auth.example/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'abc',
      redirect_uri: 'https://p.example/auth/callback',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: codeChallengeFor(pending.verifier),
      code_challenge_method: 'S256',
    });
    expect(url.href).not.toContain(pending.verifier);
  });

  it.each([
    ['/cases', '/cases'],
    ['/inbox?tab=offers#top', '/inbox?tab=offers#top'],
    ['https://evil.example/', '/cases'],
    ['//evil.example/x', '/cases'],
    ['/\\evil.example', '/cases'],
    ['javascript:alert(1)', '/cases'],
    ['/a\nb', '/cases'],
    ['/.//evil.example', '/cases'],
    ['/..//evil.example', '/cases'],
    ['/x/..//evil.example/path', '/cases'],
    ['/./%2Fevil.example', '/%2Fevil.example'],
    [undefined, '/cases'],
  ])('returns %s to %s after sign-in (same-origin paths only)', (input, expected) => {
    expect(sameOriginPath(input)).toBe(expected);
  });
});

describe('CookieSealer', () => {
  const sealer = new CookieSealer(new Uint8Array(32).fill(7));
  const now = 1_800_000_000;

  it('opens what it sealed, for the same purpose, before expiry', () => {
    const sealed = sealer.seal('session', { a: 1 }, now + 60);
    expect(sealed).not.toContain('"a"');
    expect(sealer.open('session', sealed, now)).toEqual({ a: 1 });
  });

  it('refuses a changed byte, another purpose, another key and an expired value', () => {
    const sealed = sealer.seal('session', { a: 1 }, now + 60);
    const flipped = `${sealed.slice(0, 30)}${sealed[30] === 'A' ? 'B' : 'A'}${sealed.slice(31)}`;
    expect(sealer.open('session', flipped, now)).toBeUndefined();
    expect(sealer.open('sign-in', sealed, now)).toBeUndefined();
    expect(new CookieSealer(new Uint8Array(32).fill(8)).open('session', sealed, now)).toBeUndefined();
    expect(sealer.open('session', sealed, now + 60)).toBeUndefined();
    expect(sealer.open('session', 'garbage', now)).toBeUndefined();
  });
});

describe('TOTP', () => {
  it('matches RFC 4226 appendix D and RFC 6238 appendix B (SHA-1)', () => {
    const key = Buffer.from('12345678901234567890');
    expect(hotp(key, 0)).toBe('755224');
    expect(hotp(key, 9)).toBe('520489');
    const secret = base32Encode(key);
    expect(base32Decode(secret).equals(key)).toBe(true);
    // RFC 6238: T = 59 s → 94287082 (8 digits); its last 6 digits are the 6-digit code.
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1_111_111_109_000)).toBe('081804');
  });

  it('accepts one step of drift either way, no more', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    const at = 1_111_111_109_000;
    expect(totpMatches(secret, totp(secret, at - 30_000), at)).toBe(true);
    expect(totpMatches(secret, totp(secret, at + 30_000), at)).toBe(true);
    expect(totpMatches(secret, totp(secret, at - 90_000), at)).toBe(false);
    expect(totpMatches(secret, 'abcdef', at)).toBe(false);
  });
});
