import { canonicalJson } from '../../domain/canonical-json';
import type { Principal } from '../../domain/principal';
import { checkpointAlgorithm } from '../../domain/proof/checkpoint';
import {
  bundleBytes,
  chainedEvents,
  type ProofBundle,
  type RecipientProof,
  recipientHeadBreak,
  statedFacts,
} from '../../domain/proof/proof-bundle';
import type { RecipientRecord } from '../../domain/service/recipient';
import { recipientFacts } from '../../domain/service/recipient-facts';
import { serviceRequestedType } from '../../domain/service/service';
import { recipientChainId, serviceChainId } from '../../domain/service/service-chains';
import type { ChainProofReader } from '../../ports/chain-proofs';
import type { Clock } from '../../ports/clock';
import type { ProofSigner } from '../../ports/proof-signer';
import type { StateStore } from '../../ports/state-store';
import { visibleService } from './read-service';

/** The store, the time, the proof key, and the proof feature's chain reader (lent by the composition root). */
export interface ServiceProofDeps {
  store: StateStore;
  clock: Clock;
  signer: ProofSigner;
  readChainProof: ChainProofReader;
}

/**
 * The proof of service (DESIGN.md, Proof), built from chained events alone: the document's hash and
 * the recipients from the service's `service.requested` event; each recipient's status, attempts
 * (channel, masked address, its sources and the consent basis, send, delivery and signature times,
 * the provider's id, the outcome) and the rule and time that made it served from the recipient's
 * own chain. Every chain comes with its signed checkpoints and the platform's check of them, and
 * the bundle is signed, so a court can check it offline (`npm run verify-proof`). The table's
 * recipient items are read only to report where they disagree with the chain.
 */
export async function serviceProof(
  deps: ServiceProofDeps,
  principal: Principal,
  serviceId: string,
): Promise<ProofBundle> {
  const service = await visibleService(deps.store, principal, serviceId);
  const [records, chain] = await Promise.all([
    deps.store.services.recipients(serviceId),
    deps.readChainProof(serviceChainId(serviceId)),
  ]);
  const requested = chain.events.find((event) => event.type === serviceRequestedType)?.data as
    | RequestedData
    | undefined;
  const document = requested?.document ?? service.document;
  const byId = new Map(records.map((record) => [record.recipientId, record]));
  const recipients = await Promise.all(
    (requested?.recipients ?? []).map((named) => recipientProof(deps, serviceId, named, byId.get(named.recipientId))),
  );
  for (const recipient of recipients) {
    // A chain that holds on its own must also still hold the head the service's chain recorded.
    const brokenAt = recipient.chain.verification.intact ? recipientHeadBreak(chain, recipient) : undefined;
    if (brokenAt !== undefined) {
      recipient.chain.verification = { intact: false, brokenAt, reason: 'recipient_head_mismatch' };
    }
  }
  const unsigned = {
    serviceId,
    generatedAt: deps.clock.now().toISOString(),
    issuer: requested?.issuer ?? service.issuer,
    document: {
      title: document.title,
      kind: document.kind,
      mediaType: document.mediaType ?? service.document.mediaType,
      size: document.size,
      sha256: document.sha256,
    },
    recipients,
    chain,
  };
  const signature = await deps.signer.sign(bundleBytes(unsigned));
  return { ...unsigned, signature: { keyId: deps.signer.keyId, algorithm: checkpointAlgorithm, value: signature } };
}

interface RequestedData {
  document: { title: string; kind: string; mediaType?: string; size: number; sha256: string };
  issuer?: string;
  recipients: Array<{ recipientId: string; personId: string }>;
}

async function recipientProof(
  deps: Pick<ServiceProofDeps, 'store' | 'readChainProof'>,
  serviceId: string,
  named: { recipientId: string; personId: string },
  record: RecipientRecord | undefined,
): Promise<RecipientProof> {
  const chain = await deps.readChainProof(recipientChainId(serviceId, named.recipientId));
  const stated = statedFacts(recipientFacts(chainedEvents(chain)));
  const person = record ? await deps.store.people.person(record.personHash) : undefined;
  const name = person ? maskName(person.value.name) : undefined;
  const idMasked = person?.value.idMasked;
  const discrepancies = record ? recordDisagreements(record, stated) : ['recipient_record_missing'];
  return {
    recipientId: named.recipientId,
    recipient: { personId: named.personId, ...(name ? { name } : {}), ...(idMasked ? { idMasked } : {}) },
    ...stated,
    ...(discrepancies.length > 0 ? { discrepancies } : {}),
    chain,
  };
}

/** Where the recipient's item (which no hash covers) says otherwise than its chain. */
function recordDisagreements(record: RecipientRecord, stated: ReturnType<typeof statedFacts>): string[] {
  const differs = (a: unknown, b: unknown) => canonicalJson(a ?? null) !== canonicalJson(b ?? null);
  const found: string[] = [];
  if (record.status !== stated.status) found.push('status');
  if (differs(record.served, stated.served)) found.push('served');
  if (differs(record.alternative?.method, stated.alternative?.method)) found.push('alternative');
  if (record.attempts.length !== stated.attempts.length) found.push('attempts');
  return found;
}

function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}
