import type { ChainProof } from '../domain/proof/proof-bundle';

/**
 * A chain as a proof shows it (events, head, signed checkpoints and the platform's check of them):
 * the proof feature's, lent by the composition root to the features that build proofs (service).
 */
export type ChainProofReader = (chainId: string) => Promise<ChainProof>;
