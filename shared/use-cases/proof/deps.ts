import type { CheckpointQueue, CheckpointStore } from '../../ports/checkpoint-store';
import type { Clock } from '../../ports/clock';
import type { ProofSigner } from '../../ports/proof-signer';
import type { StateStore } from '../../ports/state-store';

/** What reading and signing proofs needs: the proof key and the immutable checkpoints. */
export interface ProofDeps {
  signer: ProofSigner;
  checkpoints: CheckpointStore;
}

export interface CheckpointerDeps extends ProofDeps {
  store: StateStore;
  queue: CheckpointQueue;
  clock: Clock;
}
