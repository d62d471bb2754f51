import type { SignedCheckpoint } from '../domain/proof/checkpoint';

/**
 * Where signed checkpoints are kept, apart from the table: in AWS a bucket of their own under S3
 * Object Lock (compliance mode), so not even the account's administrators can rewrite them.
 */
export interface CheckpointStore {
  /** Stores a checkpoint under its chain and sequence; throws AlreadyExists if one is there (never replaced). */
  put(checkpoint: SignedCheckpoint): Promise<void>;
  /** A chain's checkpoints in the order of their sequence numbers (as filed). */
  list(chainId: string): Promise<SignedCheckpoint[]>;
}

/**
 * The chains whose head moved since they were last checkpointed. Every commit marks its chain;
 * the checkpointer clears a mark once it has signed at least that head.
 */
export interface CheckpointQueue {
  due(): AsyncIterable<{ chainId: string; seq: number }>;
  /** Clears the mark if it still names `seq` (a newer commit keeps it for the next run). */
  clear(chainId: string, seq: number): Promise<void>;
}
