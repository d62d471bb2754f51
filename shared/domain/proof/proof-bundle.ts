import { canonicalJson } from '../canonical-json';
import type { ChainedEvent } from '../hash-chain';
import { type AttemptFacts, type RecipientFacts, recipientFacts } from '../service/recipient-facts';
import { recipientChainId, serviceChainId } from '../service/service-chains';
import { type EvidenceBreak, type EvidenceVerdict, verifyChainEvidence } from './chain-evidence';
import { type checkpointAlgorithm, type SignedCheckpoint, signatureIsValid } from './checkpoint';

/**
 * The proof of service as the platform hands it out (JSON, or printed): everything a court needs
 * to check, offline, that the document was served as it says. docs/proof-of-service.md is the rule.
 */
export interface ProofEvent {
  seq: number;
  type: string;
  at: string;
  /** `role:subjectId`. */
  actor: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface ChainProof {
  chainId: string;
  head: { seq: number; hash: string };
  /** The platform's own check when it built the bundle; a verifier recomputes it. */
  verification: EvidenceVerdict;
  /** Every signed checkpoint of the chain, oldest first. */
  checkpoints: SignedCheckpoint[];
  events: ProofEvent[];
}

export interface RecipientProof {
  recipientId: string;
  recipient: { personId: string; name?: string; idMasked?: string };
  status: string;
  consentBasis?: string;
  identityAssurance?: string;
  served?: RecipientFacts['served'];
  unserved?: RecipientFacts['unserved'];
  alternative?: RecipientFacts['alternative'];
  attempts: AttemptFacts[];
  /** Fields where the table's recipient item disagrees with the chain (the chain is what counts). */
  discrepancies?: string[];
  chain: ChainProof;
}

export interface ProofBundle {
  serviceId: string;
  generatedAt: string;
  issuer: string;
  document: { title: string; kind: string; mediaType: string; size: number; sha256: string };
  recipients: RecipientProof[];
  chain: ChainProof;
  /** The platform's signature of the bundle's canonical JSON without this member. */
  signature: { keyId: string; algorithm: typeof checkpointAlgorithm; value: string };
}

/** The bytes the bundle signature covers. */
export function bundleBytes(bundle: Omit<ProofBundle, 'signature'> & { signature?: unknown }): Buffer {
  const { signature: _signature, ...signed } = bundle;
  return Buffer.from(canonicalJson(signed), 'utf8');
}

/** A chain's events as hashed, rebuilt from a proof's presentation of them. */
export function chainedEvents(chain: Pick<ChainProof, 'chainId' | 'events'>): ChainedEvent[] {
  return chain.events.map((event) => {
    const colon = event.actor.indexOf(':');
    return {
      chainId: chain.chainId,
      seq: event.seq,
      type: event.type,
      at: event.at,
      actor: { role: event.actor.slice(0, colon), subjectId: event.actor.slice(colon + 1) },
      data: event.data,
      prevHash: event.prevHash,
      hash: event.hash,
    };
  });
}

export type BundleProblem =
  | { where: 'bundle'; reason: 'bundle_signature_invalid' }
  | { where: 'bundle'; reason: 'bundle_unreadable'; detail: string }
  | { where: string; reason: EvidenceBreak; brokenAt: number }
  | { where: string; reason: 'chain_not_the_recipients' }
  | { where: string; reason: 'recipient_head_mismatch'; brokenAt: number }
  | { where: string; reason: 'facts_disagree_with_chain'; field: string };

/**
 * Checks a bundle with the proof key's public half alone: its signature; every chain's links and
 * checkpoints; that each recipient's chain is the one named after it; and that the facts the bundle
 * states (status, service time, attempts) are the ones its events give. An empty list: it holds.
 */
export function verifyProofBundle(bundle: ProofBundle, publicKeyPem: string): BundleProblem[] {
  const problems: BundleProblem[] = [];
  if (!signatureIsValid(bundleBytes(bundle), bundle.signature?.value ?? '', publicKeyPem)) {
    problems.push({ where: 'bundle', reason: 'bundle_signature_invalid' });
  }
  const chains: Array<[ChainProof, string]> = [[bundle.chain, serviceChainId(bundle.serviceId)]];
  for (const recipient of bundle.recipients) {
    chains.push([recipient.chain, recipientChainId(bundle.serviceId, recipient.recipientId)]);
  }
  for (const [chain, expectedId] of chains) {
    if (chain.chainId !== expectedId) {
      problems.push({ where: chain.chainId, reason: 'chain_not_the_recipients' });
      continue;
    }
    const verdict = verifyChainEvidence(
      { chainId: chain.chainId, events: chainedEvents(chain), head: chain.head, checkpoints: chain.checkpoints },
      publicKeyPem,
    );
    if (!verdict.intact) problems.push({ where: chain.chainId, reason: verdict.reason, brokenAt: verdict.brokenAt });
  }
  for (const recipient of bundle.recipients) {
    const brokenAt = recipientHeadBreak(bundle.chain, recipient);
    if (brokenAt !== undefined) {
      problems.push({ where: recipient.chain.chainId, reason: 'recipient_head_mismatch', brokenAt });
    }
  }
  for (const field of disagreeingServiceFacts(bundle)) {
    problems.push({ where: bundle.chain.chainId, reason: 'facts_disagree_with_chain', field });
  }
  for (const recipient of bundle.recipients) {
    for (const field of disagreeingFacts(recipient, recipientFacts(chainedEvents(recipient.chain)))) {
      problems.push({ where: recipient.recipientId, reason: 'facts_disagree_with_chain', field });
    }
  }
  return problems;
}

/**
 * The service's chain records each settled recipient's head (`service.recipient_head`): the
 * recipient's chain must still have that event at that sequence. The sequence where it does not,
 * if any (a recipient chain rewritten after its head was recorded and signed on the service's).
 */
export function recipientHeadBreak(
  serviceChain: Pick<ChainProof, 'events'>,
  recipient: Pick<RecipientProof, 'recipientId' | 'chain'>,
): number | undefined {
  const recorded = serviceChain.events.filter(
    (event) => event.type === 'service.recipient_head' && event.data.recipientId === recipient.recipientId,
  );
  for (const { data } of recorded) {
    const event = recipient.chain.events.find((candidate) => candidate.seq === data.seq);
    if (event?.hash !== data.hash) return typeof data.seq === 'number' ? data.seq : 0;
  }
  return undefined;
}

/** The recipient's stated facts, as the chain gives them. */
export function statedFacts(
  facts: RecipientFacts,
): Pick<
  RecipientProof,
  'status' | 'consentBasis' | 'identityAssurance' | 'served' | 'unserved' | 'alternative' | 'attempts'
> {
  return {
    status: facts.status ?? 'planned',
    ...(facts.consentBasis ? { consentBasis: facts.consentBasis } : {}),
    ...(facts.identityAssurance ? { identityAssurance: facts.identityAssurance } : {}),
    ...(facts.served ? { served: facts.served } : {}),
    ...(facts.unserved ? { unserved: facts.unserved } : {}),
    ...(facts.alternative ? { alternative: facts.alternative } : {}),
    attempts: facts.attempts,
  };
}

/** The document, issuer and recipients the bundle names, against the service's `service.requested` event. */
function disagreeingServiceFacts(bundle: ProofBundle): string[] {
  const requested = bundle.chain.events.find((event) => event.type === 'service.requested')?.data;
  if (!requested) return ['service.requested'];
  const document = (requested.document ?? {}) as Record<string, unknown>;
  const found: string[] = [];
  for (const field of ['title', 'kind', 'mediaType', 'size', 'sha256'] as const) {
    if (bundle.document[field] !== document[field]) found.push(`document.${field}`);
  }
  if (bundle.issuer !== requested.issuer) found.push('issuer');
  const named = Array.isArray(requested.recipients) ? (requested.recipients as Array<Record<string, unknown>>) : [];
  const listed = bundle.recipients.map((recipient) => [recipient.recipientId, recipient.recipient.personId]);
  if (canonicalJson(listed) !== canonicalJson(named.map((entry) => [entry.recipientId, entry.personId]))) {
    found.push('recipients');
  }
  return found;
}

function disagreeingFacts(recipient: RecipientProof, facts: RecipientFacts): string[] {
  const stated = statedFacts(facts);
  const fields = [
    'status',
    'consentBasis',
    'identityAssurance',
    'served',
    'unserved',
    'alternative',
    'attempts',
  ] as const;
  return fields.filter((field) => canonicalJson(recipient[field] ?? null) !== canonicalJson(stated[field] ?? null));
}
