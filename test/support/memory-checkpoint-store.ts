import { AlreadyExists } from '../../shared/domain/errors';
import type { SignedCheckpoint } from '../../shared/domain/proof/checkpoint';
import type { CheckpointStore } from '../../shared/ports/checkpoint-store';

/** Checkpoints in memory, for runs with no S3 emulator (the benchmarks); tests use s3rver. */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly byChain = new Map<string, SignedCheckpoint[]>();

  async put(checkpoint: SignedCheckpoint): Promise<void> {
    const list = this.byChain.get(checkpoint.statement.chainId) ?? [];
    if (list.some((stored) => stored.statement.seq === checkpoint.statement.seq)) {
      throw new AlreadyExists(`checkpoint ${checkpoint.statement.seq} is already stored`);
    }
    list.push(checkpoint);
    list.sort((a, b) => a.statement.seq - b.statement.seq);
    this.byChain.set(checkpoint.statement.chainId, list);
  }

  async list(chainId: string): Promise<SignedCheckpoint[]> {
    return [...(this.byChain.get(chainId) ?? [])];
  }
}
