import { createHmac } from 'node:crypto';

const secretPrefix = 'whsec_';
/** Canonical base64 (padded, standard alphabet): what `whsec_` secrets carry. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The `webhook-signature` header of the Standard Webhooks spec (what the `standardwebhooks` package's
 * `Webhook.sign` computes): `v1,` and the base64 HMAC-SHA256, keyed by the secret's bytes, of
 * `{message id}.{unix seconds}.{body}`. Written over node:crypto because the package carries its own
 * SHA-256 and base64 (about 11 KB of the webhook function's bundle) for what node already has.
 * The package stays the reference: test/unit/standard-webhook-signature.test.ts compares the two.
 */
export function standardWebhookSignature(secret: string, messageId: string, timestamp: Date, body: string): string {
  const signed = `${messageId}.${Math.floor(timestamp.getTime() / 1000)}.${body}`;
  return `v1,${createHmac('sha256', secretKey(secret)).update(signed, 'utf8').digest('base64')}`;
}

/** The key's bytes: the base64 after `whsec_` (the prefix is optional, as the package has it). */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  // Buffer's decoder skips what is not base64; the package refuses it, and so does this.
  if (!BASE64.test(encoded)) throw new Error('a webhook secret is base64 after whsec_');
  if (encoded.length === 0) throw new Error("Secret can't be empty.");
  return Buffer.from(encoded, 'base64');
}
