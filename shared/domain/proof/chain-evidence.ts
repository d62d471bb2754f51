import { type ChainBreak, type ChainedEvent, type ChainHead, verifyChain } from '../hash-chain';
import { type SignedCheckpoint, signatureIsValid, statementBytes } from './checkpoint';

/** Why a chain's events are not the ones its signed checkpoints vouch for. */
export type CheckpointBreak =
  | 'checkpoint_signature_invalid' // the proof key did not sign this checkpoint
  | 'checkpoint_out_of_order' // a checkpoint of another chain, or one that does not follow the one before (a replay)
  | 'checkpoint_mismatch' // the event at the checkpoint's sequence is not the one signed (rewritten and re-hashed)
  | 'checkpoint_beyond_chain'; // the chain ends before a signed head (newest events removed)

/** A recipient's chain no longer holds the head its service's chain recorded for it. */
export type EvidenceBreak = ChainBreak | CheckpointBreak | 'recipient_head_mismatch';

export type EvidenceVerdict =
  | {
      intact: true;
      length: number;
      /** The newest sequence a valid checkpoint covers (0: none yet); later events are not yet signed. */
      checkpointedThrough: number;
    }
  | { intact: false; brokenAt: number; reason: EvidenceBreak };

export interface ChainEvidence {
  chainId: string;
  events: readonly ChainedEvent[];
  head: ChainHead;
  /** In the order they were written (ascending sequence). */
  checkpoints: readonly SignedCheckpoint[];
}

/**
 * Checks a chain's links (see `verifyChain`) and then every checkpoint against them: each must be
 * signed by `publicKeyPem`, name this chain, come after the one before it, and sign the hash the
 * event at its sequence has. Reports the first break by sequence (a checkpoint's break at the same
 * sequence as a link's wins, since it is the stronger evidence).
 */
export function verifyChainEvidence(evidence: ChainEvidence, publicKeyPem: string): EvidenceVerdict {
  const links = verifyChain(evidence.events, evidence.head);
  const checkpointBreak = firstCheckpointBreak(evidence, publicKeyPem);
  if (checkpointBreak && (links.intact || checkpointBreak.brokenAt <= links.brokenAt)) {
    return { intact: false, ...checkpointBreak };
  }
  if (!links.intact) return links;
  const last = evidence.checkpoints.at(-1);
  return { intact: true, length: links.length, checkpointedThrough: last?.statement.seq ?? 0 };
}

function firstCheckpointBreak(
  evidence: ChainEvidence,
  publicKeyPem: string,
): { brokenAt: number; reason: CheckpointBreak } | undefined {
  const bySeq = new Map(evidence.events.map((event) => [event.seq, event]));
  let previousSeq = 0;
  for (const { statement, signature } of evidence.checkpoints) {
    const at = statement.seq;
    if (!signatureIsValid(statementBytes(statement), signature, publicKeyPem)) {
      return { brokenAt: at, reason: 'checkpoint_signature_invalid' };
    }
    if (statement.chainId !== evidence.chainId || statement.seq <= previousSeq) {
      return { brokenAt: at, reason: 'checkpoint_out_of_order' };
    }
    const event = bySeq.get(statement.seq);
    if (!event) return { brokenAt: at, reason: 'checkpoint_beyond_chain' };
    if (event.hash !== statement.hash) return { brokenAt: at, reason: 'checkpoint_mismatch' };
    previousSeq = statement.seq;
  }
  return undefined;
}
