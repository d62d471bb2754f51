import { createRoute, z } from '@hono/zod-openapi';
import { checkpointAlgorithm } from '../../../shared/domain/proof/checkpoint';
import type { ProofSigner } from '../../../shared/ports/proof-signer';
import { apiRoutes, json, throttledResponse } from './route-kit';

const ProofKeySchema = z
  .object({
    keyId: z.string().openapi({ description: 'names the key in every checkpoint and bundle signature' }),
    algorithm: z.literal(checkpointAlgorithm),
    publicKeyPem: z.string().openapi({ description: 'P-256 public key, PEM (SubjectPublicKeyInfo)' }),
  })
  .openapi('ProofKey');

const proofKeyRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getProofKey',
  tags: ['service'],
  summary: "The public half of the platform's proof key, to verify proofs of service offline",
  description: 'Roles: anyone; no token needed. See docs/proof-of-service.md.',
  responses: { 200: json(ProofKeySchema, 'the proof key'), 429: throttledResponse },
});

/** GET /proof-key: public, so a court can check a bundle without an account on the platform. */
export function proofKeyRoutes(signer: ProofSigner) {
  return apiRoutes().openapi(proofKeyRoute, async (c) =>
    c.json({ keyId: signer.keyId, algorithm: checkpointAlgorithm, publicKeyPem: await signer.publicKeyPem() }, 200),
  );
}
