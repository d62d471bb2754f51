import { describe, expect, it } from 'vitest';
import { appendEvent, type ChainedEvent, emptyHead, verifyChain } from '../../shared/domain/hash-chain';

function buildChain(length: number): { events: ChainedEvent[]; head: { seq: number; hash: string } } {
  const events: ChainedEvent[] = [];
  let head = emptyHead;
  for (let i = 0; i < length; i++) {
    const event = appendEvent(head, {
      chainId: 'CASE#dsp_1',
      type: 'dispute.updated',
      at: `2026-11-28T10:00:0${i}.000Z`,
      actor: { role: 'operator', subjectId: 'op-1' },
      data: { step: i },
    });
    events.push(event);
    head = { seq: event.seq, hash: event.hash };
  }
  return { events, head };
}

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    const { events, head } = buildChain(4);
    expect(verifyChain(events, head)).toEqual({ intact: true, length: 4 });
  });

  it('accepts the empty chain of a case with no events', () => {
    expect(verifyChain([], emptyHead)).toEqual({ intact: true, length: 0 });
  });

  it('names the edited event when content changes', () => {
    const { events, head } = buildChain(4);
    const edited = events.map((event) => (event.seq === 2 ? { ...event, data: { step: 99 } } : event));
    expect(verifyChain(edited, head)).toEqual({ intact: false, brokenAt: 2, reason: 'content_hash_mismatch' });
  });

  it('detects an edit whose hash was recomputed, at the next link', () => {
    const { events, head } = buildChain(4);
    const forged = appendEvent(
      { seq: 1, hash: events[0]?.hash ?? '' },
      { ...(events[1] as ChainedEvent), data: { step: 99 } },
    );
    const tampered = events.map((event) => (event.seq === 2 ? forged : event));
    expect(verifyChain(tampered, head)).toEqual({ intact: false, brokenAt: 3, reason: 'previous_hash_mismatch' });
  });

  it('detects a deleted event in the middle', () => {
    const { events, head } = buildChain(4);
    expect(
      verifyChain(
        events.filter((event) => event.seq !== 2),
        head,
      ),
    ).toEqual({
      intact: false,
      brokenAt: 2,
      reason: 'sequence_gap',
    });
  });

  it('detects deletion of the newest event through the head', () => {
    const { events, head } = buildChain(4);
    expect(verifyChain(events.slice(0, 3), head)).toEqual({ intact: false, brokenAt: 4, reason: 'head_mismatch' });
  });

  it('detects reordered events', () => {
    const { events, head } = buildChain(3);
    const [first, second, third] = events as [ChainedEvent, ChainedEvent, ChainedEvent];
    expect(verifyChain([first, third, second], head)).toEqual({ intact: false, brokenAt: 2, reason: 'sequence_gap' });
  });
});
