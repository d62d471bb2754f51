import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Cookie values sealed with AES-256-GCM: the browser holds them but can neither read nor change
 * them. Each value says what it is for (`purpose`, bound as associated data, so a sign-in cookie
 * can never be replayed as a session) and until when it is valid.
 *
 * Layout, base64url: 12-byte IV · ciphertext · 16-byte tag; the plaintext is JSON `{ exp, value }`.
 */
export class CookieSealer {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.byteLength !== 32) throw new Error('the cookie key must be 32 bytes (AES-256)');
    this.key = Buffer.from(key);
  }

  seal(purpose: string, value: unknown, expiresAtSeconds: number): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([
      cipher.update(JSON.stringify({ exp: expiresAtSeconds, value }), 'utf8'),
      cipher.final(),
    ]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The value, or undefined when the cookie is absent, changed, for another purpose or expired. */
  open(purpose: string, sealed: string | undefined, nowSeconds: number): unknown {
    if (!sealed || !/^[A-Za-z0-9_-]{40,6000}$/.test(sealed)) return undefined;
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.byteLength < 12 + 16 + 1) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.byteLength - 16));
      const text = Buffer.concat([decipher.update(raw.subarray(12, raw.byteLength - 16)), decipher.final()]).toString(
        'utf8',
      );
      const parsed = JSON.parse(text) as { exp?: unknown; value?: unknown };
      if (typeof parsed.exp !== 'number' || parsed.exp <= nowSeconds) return undefined;
      return parsed.value;
    } catch {
      return undefined; // a changed byte fails the tag: the same as no cookie
    }
  }
}
