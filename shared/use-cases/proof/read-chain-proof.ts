import { verifyChainEvidence } from '../../domain/proof/chain-evidence';
import type { ChainProof } from '../../domain/proof/proof-bundle';
import type { ChainProofReader } from '../../ports/chain-proofs';
import type { StateStore } from '../../ports/state-store';
import type { ProofDeps } from './deps';

/** A chain as a proof shows it: its events, its head, its signed checkpoints and the platform's check of them. */
export async function readChainProof(deps: ProofDeps & { store: StateStore }, chainId: string): Promise<ChainProof> {
  const [chain, checkpoints, publicKey] = await Promise.all([
    deps.store.readChain(chainId),
    deps.checkpoints.list(chainId),
    deps.signer.publicKeyPem(),
  ]);
  return {
    chainId,
    head: chain.head,
    verification: verifyChainEvidence({ chainId, events: chain.events, head: chain.head, checkpoints }, publicKey),
    checkpoints,
    events: chain.events.map((event) => ({
      seq: event.seq,
      type: event.type,
      at: event.at,
      actor: `${event.actor.role}:${event.actor.subjectId}`,
      data: event.data,
      prevHash: event.prevHash,
      hash: event.hash,
    })),
  };
}

/** `readChainProof` bound to its deps: what the composition roots lend the features that build proofs. */
export function chainProofReaderOf(deps: ProofDeps & { store: StateStore }): ChainProofReader {
  return (chainId) => readChainProof(deps, chainId);
}
