import { idKinds } from '../../domain/identity/identity-assurance';
import * as z from '../../validation/zod-mini';

/**
 * The identity provider's HTTP contract (docs/identity-verifier.md), shared by the HTTPS adapter
 * and the local emulator so both speak exactly the same shapes.
 */
export const carrierCheckPath = '/v1/carrier-three-factor';

export const carrierCheckRequestSchema = z.strictObject({
  idType: z.enum(idKinds),
  idNumber: z.string().check(z.minLength(1), z.maxLength(40)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** E.164. */
  mobile: z.string().check(z.regex(/^\+[1-9]\d{6,14}$/)),
});
export type CarrierCheckRequest = z.infer<typeof carrierCheckRequestSchema>;

export const carrierCheckResponseSchema = z.object({
  result: z.enum(['match', 'no_match', 'not_checkable']),
  reference: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export type CarrierCheckResponse = z.infer<typeof carrierCheckResponseSchema>;

/**
 * The provider settings kept in the secret: its base URL (HTTPS; plain HTTP only on loopback, for
 * the local emulator) and its API key. An empty object `{}` is the unconfigured state the stack
 * creates: the platform then answers `none` to every check.
 */
export const providerSettingsSchema = z.strictObject({
  url: z.url().check(
    z.refine(
      (url) => {
        const parsed = new URL(url);
        return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopbackHosts.has(parsed.hostname));
      },
      { message: 'must be https (plain http only on loopback)' },
    ),
  ),
  apiKey: z.string().check(z.minLength(16), z.maxLength(512)),
});
export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
