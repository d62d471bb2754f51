import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { standardWebhookSignature } from '../../shared/adapters/webhooks/standard-webhook-signature';

/** The package's signature, or its error's message: the reference the node:crypto signer is held to. */
function reference(secret: string, id: string, at: Date, body: string): string {
  try {
    return new Webhook(secret).sign(id, at, body);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

function ours(secret: string, id: string, at: Date, body: string): string {
  try {
    return standardWebhookSignature(secret, id, at, body);
  } catch {
    return 'error';
  }
}

describe('standardWebhookSignature', () => {
  it('signs as the standardwebhooks package does, for any secret, id, time and body', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.boolean(),
        fc.string({ maxLength: 40 }),
        fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        (key, prefixed, id, at, body) => {
          const secret = `${prefixed ? 'whsec_' : ''}${Buffer.from(key).toString('base64')}`;
          expect(ours(secret, id, at, body)).toBe(reference(secret, id, at, body));
        },
      ),
    );
  });

  it('signs a platform-issued secret (whsec_ and 24 random bytes) as the package does', () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const at = new Date('2026-11-30T20:00:00.999Z');
    const body = JSON.stringify({ type: 'ruling.recorded', data: { note: '调解书 ✓' } });
    expect(standardWebhookSignature(secret, 'msg_1', at, body)).toBe(new Webhook(secret).sign('msg_1', at, body));
  });

  it.each(['whsec_', 'whsec_not base64!', 'whsec_abc', 'whsec_YW=j'])(
    'refuses the secret %j, as the package does',
    (secret) => {
      const at = new Date(0);
      expect(reference(secret, 'msg', at, '{}')).toMatch(/^error: /);
      expect(() => standardWebhookSignature(secret, 'msg', at, '{}')).toThrow();
    },
  );
});
