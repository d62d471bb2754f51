import { AlreadyExists } from '../../domain/errors';
import { verifyChainEvidence } from '../../domain/proof/chain-evidence';
import { type CheckpointStatement, statementBytes } from '../../domain/proof/checkpoint';
import type { CheckpointerDeps } from './deps';

export interface CheckpointRun {
  /** Chains whose head was signed in this run. */
  signed: number;
  /** Chains already covered (a mark left by a retried run). */
  covered: number;
  /** Chains not signed because their stored events no longer match what was signed before. */
  refused: Array<{ chainId: string; brokenAt: number; reason: string }>;
}

/** How many chains are checkpointed at once: a few S3 and KMS calls each. */
const parallelChains = 8;

/**
 * Signs the head of every chain that moved since its last checkpoint and files the checkpoint
 * (DESIGN.md, Proof: at least every minute; AWS runs this on a one-minute schedule). A head is
 * signed only if the chain still verifies against its earlier checkpoints: a chain rewritten in
 * the table is refused, reported, and left marked, so it is reported again every run until an
 * operator looks. Safe to re-run at any point: a checkpoint is filed once per sequence.
 */
export async function checkpointChains(deps: CheckpointerDeps): Promise<CheckpointRun> {
  const run: CheckpointRun = { signed: 0, covered: 0, refused: [] };
  const publicKey = await deps.signer.publicKeyPem();
  const pending: Array<Promise<void>> = [];
  for await (const mark of deps.queue.due()) {
    pending.push(checkpointOne(deps, publicKey, mark.chainId, run));
    if (pending.length >= parallelChains) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return run;
}

async function checkpointOne(
  deps: CheckpointerDeps,
  publicKey: string,
  chainId: string,
  run: CheckpointRun,
): Promise<void> {
  const [chain, checkpoints] = await Promise.all([deps.store.readChain(chainId), deps.checkpoints.list(chainId)]);
  const verdict = verifyChainEvidence({ chainId, events: chain.events, head: chain.head, checkpoints }, publicKey);
  if (!verdict.intact) {
    run.refused.push({ chainId, brokenAt: verdict.brokenAt, reason: verdict.reason });
    return;
  }
  if (verdict.checkpointedThrough < chain.head.seq) {
    const statement: CheckpointStatement = {
      kind: 'chain-checkpoint',
      version: 1,
      chainId,
      seq: chain.head.seq,
      hash: chain.head.hash,
      at: deps.clock.now().toISOString(),
      keyId: deps.signer.keyId,
    };
    try {
      await deps.checkpoints.put({ statement, signature: await deps.signer.sign(statementBytes(statement)) });
      run.signed++;
    } catch (error) {
      // A run that overlapped this one filed the same head first.
      if (!(error instanceof AlreadyExists)) throw error;
      run.covered++;
    }
  } else {
    run.covered++;
  }
  await deps.queue.clear(chainId, chain.head.seq);
}
