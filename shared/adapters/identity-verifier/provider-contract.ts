import * as z from 'zod';
import { idKinds } from '../../domain/identity/identity-assurance';

/**
 * The identity provider's HTTP contract (docs/identity-verifier.md), shared by the HTTPS adapter
 * and the local emulator so both speak exactly the same shapes.
 */
export const carrierCheckPath = '/v1/carrier-three-factor';

export const carrierCheckRequestSchema = z
  .object({
    idType: z.enum(idKinds),
    idNumber: z.string().min(1).max(40),
    name: z.string().min(1).max(200),
    /** E.164. */
    mobile: z.string().regex(/^\+[1-9]\d{6,14}$/),
  })
  .strict();
export type CarrierCheckRequest = z.infer<typeof carrierCheckRequestSchema>;

export const carrierCheckResponseSchema = z.object({
  result: z.enum(['match', 'no_match', 'not_checkable']),
  reference: z.string().min(1).max(100).optional(),
});
export type CarrierCheckResponse = z.infer<typeof carrierCheckResponseSchema>;

/**
 * The provider settings kept in the secret: its base URL (HTTPS; plain HTTP only on loopback, for
 * the local emulator) and its API key. An empty object `{}` is the unconfigured state the stack
 * creates: the platform then answers `none` to every check.
 */
export const providerSettingsSchema = z
  .object({
    url: z.url().refine(
      (url) => {
        const parsed = new URL(url);
        return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopbackHosts.has(parsed.hostname));
      },
      { message: 'must be https (plain http only on loopback)' },
    ),
    apiKey: z.string().min(16).max(512),
  })
  .strict();
export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
