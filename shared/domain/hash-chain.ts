import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Every state change of a case appends one event to the case's hash chain: each event's hash covers
 * its content and the previous event's hash, and the case item keeps the head (sequence and hash).
 * Editing or reordering an event breaks a link; deleting the newest events leaves the head pointing
 * past the end. So the chain is evidence that the timeline shown to a court is the one recorded.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainEventContent {
  chainId: string;
  seq: number;
  type: string;
  at: string;
  actor: { role: string; subjectId: string };
  data: Record<string, unknown>;
}

export interface ChainedEvent extends ChainEventContent {
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export const emptyHead: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** The hash covers exactly the declared content and the link, nothing a caller happens to add. */
export function hashEvent(content: ChainEventContent, prevHash: string): string {
  const { chainId, seq, type, at, actor, data } = content;
  return createHash('sha256')
    .update(
      canonicalJson({
        chainId,
        seq,
        type,
        at,
        actor: { role: actor.role, subjectId: actor.subjectId },
        data,
        prevHash,
      }),
    )
    .digest('hex');
}

/** The next event after `head`, linked and hashed. */
export function appendEvent(head: ChainHead, content: Omit<ChainEventContent, 'seq'>): ChainedEvent {
  const linked: ChainEventContent = {
    chainId: content.chainId,
    seq: head.seq + 1,
    type: content.type,
    at: content.at,
    actor: content.actor,
    data: content.data,
  };
  return { ...linked, prevHash: head.hash, hash: hashEvent(linked, head.hash) };
}

export type ChainBreak =
  | 'sequence_gap' // an event is missing or events are out of order
  | 'previous_hash_mismatch' // an event does not point at the one before it
  | 'content_hash_mismatch' // an event's content was edited after it was written
  | 'head_mismatch'; // the newest event is not the one the head names (events removed at the end)

export type ChainVerdict = { intact: true; length: number } | { intact: false; brokenAt: number; reason: ChainBreak };

/**
 * Checks `events` (in stored order) against the head kept on the case item and names the first
 * broken link. `brokenAt` is the sequence number expected at the break.
 */
export function verifyChain(events: readonly ChainedEvent[], head: ChainHead): ChainVerdict {
  let prev = emptyHead;
  for (const event of events) {
    const expectedSeq = prev.seq + 1;
    if (event.seq !== expectedSeq) return { intact: false, brokenAt: expectedSeq, reason: 'sequence_gap' };
    if (event.prevHash !== prev.hash) return { intact: false, brokenAt: expectedSeq, reason: 'previous_hash_mismatch' };
    const { prevHash, hash, ...content } = event;
    if (hashEvent(content, prevHash) !== hash) {
      return { intact: false, brokenAt: expectedSeq, reason: 'content_hash_mismatch' };
    }
    prev = { seq: event.seq, hash };
  }
  if (prev.seq !== head.seq || prev.hash !== head.hash) {
    return { intact: false, brokenAt: prev.seq + 1, reason: 'head_mismatch' };
  }
  return { intact: true, length: events.length };
}
