import { z } from '@hono/zod-openapi';
import { checkpointAlgorithm } from '../../../shared/domain/proof/checkpoint';
import type { ProofSigner } from '../../../shared/ports/proof-signer';
import { json, routeGroup } from './route-kit';

const ProofKeySchema = z
  .object({
    keyId: z.string().openapi({ description: 'names the key in every checkpoint and bundle signature' }),
    algorithm: z.literal(checkpointAlgorithm),
    publicKeyPem: z.string().openapi({ description: 'P-256 public key, PEM (SubjectPublicKeyInfo)' }),
  })
  .openapi('ProofKey');

/** GET /proof-key: public, so a court can check a bundle without an account on the platform. */
export function proofKeyRoutes(signer: ProofSigner) {
  return routeGroup('/proof-key', 'service').operation(
    'get',
    '/',
    {
      operationId: 'getProofKey',
      summary: "The public half of the platform's proof key, to verify proofs of service offline",
      notes: 'See docs/proof-of-service.md.',
      responses: { 200: json(ProofKeySchema, 'the proof key') },
    },
    async (c) =>
      c.json({ keyId: signer.keyId, algorithm: checkpointAlgorithm, publicKeyPem: await signer.publicKeyPem() }, 200),
  );
}
