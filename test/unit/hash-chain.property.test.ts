import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/canonical-json';
import {
  appendEvent,
  type ChainEventContent,
  type ChainedEvent,
  type ChainHead,
  emptyHead,
  verifyChain,
} from '../../shared/domain/hash-chain';

type Content = Omit<ChainEventContent, 'seq'>;

const content: fc.Arbitrary<Content> = fc.record({
  chainId: fc.constantFrom('CASE#dsp_1', 'CASE#dsp_2', 'SERVICE#svc_1'),
  type: fc.oneof(fc.constantFrom('dispute.filed', 'offer.sent', 'offer.accepted', 'service.delivered'), fc.string()),
  at: fc
    .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  actor: fc.record({ role: fc.constantFrom('party', 'mediator', 'operator', 'system'), subjectId: fc.string() }),
  data: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
});

function buildChain(contents: readonly Content[]): { events: ChainedEvent[]; head: ChainHead } {
  const events: ChainedEvent[] = [];
  let head = emptyHead;
  for (const item of contents) {
    const event = appendEvent(head, item);
    events.push(event);
    head = { seq: event.seq, hash: event.hash };
  }
  return { events, head };
}

const chain = (minLength: number) =>
  fc.array(content, { minLength, maxLength: 10 }).map((contents) => buildChain(contents));

/** A chain and the 0-based index of one of its events. */
const chainAndIndex = (minLength: number) =>
  chain(minLength).chain((built) =>
    fc.record({ built: fc.constant(built), index: fc.nat({ max: built.events.length - 1 }) }),
  );

/** A change to the declared content of an event that changes what its hash covers. */
const contentEdit: fc.Arbitrary<(event: ChainedEvent) => ChainedEvent> = fc.oneof(
  fc.constant((event: ChainedEvent) => ({ ...event, type: `${event.type}!` })),
  fc.constant((event: ChainedEvent) => ({ ...event, chainId: `${event.chainId}#2` })),
  fc
    .integer({ min: 1, max: 10_000_000 })
    .map((ms) => (event: ChainedEvent) => ({ ...event, at: new Date(Date.parse(event.at) + ms).toISOString() })),
  fc.constant((event: ChainedEvent) => ({
    ...event,
    actor: { ...event.actor, subjectId: `${event.actor.subjectId}x` },
  })),
  fc.constant((event: ChainedEvent) => ({ ...event, actor: { ...event.actor, role: `${event.actor.role}x` } })),
  fc.tuple(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => (event: ChainedEvent) => ({
    ...event,
    data: { ...event.data, [key]: value },
  })),
);

const hexHash = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

describe('verifyChain', () => {
  it('accepts every chain built by appending events, of any length', () => {
    fc.assert(
      fc.property(chain(0), ({ events, head }) => {
        // Act
        const verdict = verifyChain(events, head);

        // Assess
        expect(verdict).toEqual({ intact: true, length: events.length });
      }),
      { numRuns: 100 },
    );
  });

  it('names the edited event when an event’s content is changed without re-hashing', () => {
    fc.assert(
      fc.property(chainAndIndex(1), contentEdit, ({ built, index }, edit) => {
        // Prepare
        const original = built.events[index] as ChainedEvent;
        const edited = edit(original);
        const { prevHash: _p, hash: _h, ...before } = original;
        const { prevHash: _q, hash: _i, ...after } = edited;
        fc.pre(canonicalJson(before) !== canonicalJson(after));
        const tampered = built.events.map((event, i) => (i === index ? edited : event));

        // Act
        const verdict = verifyChain(tampered, built.head);

        // Assess
        expect(verdict).toEqual({ intact: false, brokenAt: original.seq, reason: 'content_hash_mismatch' });
      }),
      { numRuns: 100 },
    );
  });

  it('names the edited event when its sequence number, previous hash or own hash is changed', () => {
    fc.assert(
      fc.property(
        chainAndIndex(1),
        fc.constantFrom('seq', 'prevHash', 'hash'),
        fc.integer({ min: -3, max: 12 }),
        hexHash,
        ({ built, index }, field, seq, hash) => {
          // Prepare
          const original = built.events[index] as ChainedEvent;
          const edited = { ...original, [field]: field === 'seq' ? seq : hash };
          fc.pre(edited[field] !== original[field]);
          const tampered = built.events.map((event, i) => (i === index ? edited : event));

          // Act
          const verdict = verifyChain(tampered, built.head);

          // Assess
          const reason = { seq: 'sequence_gap', prevHash: 'previous_hash_mismatch', hash: 'content_hash_mismatch' }[
            field
          ];
          expect(verdict).toEqual({ intact: false, brokenAt: original.seq, reason });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reports an edited and re-hashed event at the next link: the next event, or past the newest one through the head', () => {
    fc.assert(
      fc.property(chainAndIndex(1), contentEdit, ({ built, index }, edit) => {
        // Prepare: the forger recomputes the edited event's hash from its predecessor
        const original = built.events[index] as ChainedEvent;
        const { seq: _s, prevHash: _p, hash: _h, ...fields } = edit(original);
        const forged = appendEvent({ seq: original.seq - 1, hash: original.prevHash }, fields);
        fc.pre(forged.hash !== original.hash);
        const tampered = built.events.map((event, i) => (i === index ? forged : event));
        const isNewest = index === built.events.length - 1;

        // Act
        const verdict = verifyChain(tampered, built.head);

        // Assess
        expect(verdict).toEqual({
          intact: false,
          brokenAt: original.seq + 1,
          reason: isNewest ? 'head_mismatch' : 'previous_hash_mismatch',
        });
      }),
      { numRuns: 100 },
    );
  });

  it('catches a chain re-hashed from an edited event onwards through the head alone', () => {
    fc.assert(
      fc.property(chainAndIndex(1), contentEdit, ({ built, index }, edit) => {
        // Prepare: every event from the edited one on is re-linked and re-hashed
        const { seq: _s, prevHash: _p, hash: _h, ...fields } = edit(built.events[index] as ChainedEvent);
        const rebuilt = buildChain([...built.events.slice(0, index), fields, ...built.events.slice(index + 1)]);
        fc.pre(rebuilt.head.hash !== built.head.hash);

        // Act
        const verdict = verifyChain(rebuilt.events, built.head);

        // Assess: every link holds; only the head kept on the case item tells
        expect(verdict).toEqual({ intact: false, brokenAt: built.events.length + 1, reason: 'head_mismatch' });
      }),
      { numRuns: 80 },
    );
  });

  it('names the first missing event when events are deleted before the newest one', () => {
    fc.assert(
      fc.property(
        chain(2).chain((built) =>
          fc
            .tuple(fc.nat({ max: built.events.length - 2 }), fc.nat({ max: built.events.length - 1 }))
            .map(([from, span]) => ({ built, from, to: Math.min(from + 1 + span, built.events.length - 1) })),
        ),
        ({ built, from, to }) => {
          // Prepare: the events at [from, to) are deleted; the newest one stays
          const remaining = [...built.events.slice(0, from), ...built.events.slice(to)];

          // Act
          const verdict = verifyChain(remaining, built.head);

          // Assess
          expect(verdict).toEqual({ intact: false, brokenAt: from + 1, reason: 'sequence_gap' });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names the first deleted event through the head when the newest events are deleted', () => {
    fc.assert(
      fc.property(chainAndIndex(1), ({ built, index }) => {
        // Prepare: the events from `index` on are deleted
        const remaining = built.events.slice(0, index);

        // Act
        const verdict = verifyChain(remaining, built.head);

        // Assess
        expect(verdict).toEqual({ intact: false, brokenAt: index + 1, reason: 'head_mismatch' });
      }),
      { numRuns: 100 },
    );
  });

  it('names the earlier position when two distinct events are swapped', () => {
    fc.assert(
      fc.property(
        chain(2).chain((built) =>
          fc
            .uniqueArray(fc.nat({ max: built.events.length - 1 }), { minLength: 2, maxLength: 2 })
            .map((pair) => ({ built, i: Math.min(...pair), j: Math.max(...pair) })),
        ),
        ({ built, i, j }) => {
          // Prepare
          const swapped = [...built.events];
          [swapped[i], swapped[j]] = [swapped[j] as ChainedEvent, swapped[i] as ChainedEvent];

          // Act
          const verdict = verifyChain(swapped, built.head);

          // Assess
          expect(verdict).toEqual({ intact: false, brokenAt: i + 1, reason: 'sequence_gap' });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names the first out-of-place position in any reordering', () => {
    fc.assert(
      fc.property(
        chain(2).chain((built) =>
          fc
            .shuffledSubarray(built.events, { minLength: built.events.length, maxLength: built.events.length })
            .map((shuffled) => ({ built, shuffled })),
        ),
        ({ built, shuffled }) => {
          // Prepare
          const firstMoved = shuffled.findIndex((event, i) => event !== built.events[i]);
          fc.pre(firstMoved >= 0);

          // Act
          const verdict = verifyChain(shuffled, built.head);

          // Assess
          expect(verdict).toEqual({ intact: false, brokenAt: firstMoved + 1, reason: 'sequence_gap' });
        },
      ),
      { numRuns: 100 },
    );
  });
});
