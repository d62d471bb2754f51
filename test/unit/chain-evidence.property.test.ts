import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalProofSigner } from '../../shared/adapters/crypto/local-proof-signer';
import { appendEvent, type ChainedEvent, type ChainHead, emptyHead, hashEvent } from '../../shared/domain/hash-chain';
import { verifyChainEvidence } from '../../shared/domain/proof/chain-evidence';
import { type SignedCheckpoint, statementBytes } from '../../shared/domain/proof/checkpoint';

const chainId = 'SERVICE#svc_1#RECIPIENT#rcp_1';
const signer = new LocalProofSigner(LocalProofSigner.generatePrivateKeyPem());
const stranger = new LocalProofSigner(LocalProofSigner.generatePrivateKeyPem());
const publicKey = await signer.publicKeyPem();

function chainOf(length: number): { events: ChainedEvent[]; head: ChainHead } {
  const events: ChainedEvent[] = [];
  let head = emptyHead;
  for (let index = 0; index < length; index++) {
    const event = appendEvent(head, {
      chainId,
      type: `service.step_${index}`,
      at: new Date(Date.UTC(2026, 10, 30, 8, index)).toISOString(),
      actor: { role: 'operator', subjectId: 'platform:service-delivery' },
      data: { attemptNo: index, status: 'attempting' },
    });
    events.push(event);
    head = { seq: event.seq, hash: event.hash };
  }
  return { events, head };
}

async function checkpoint(event: ChainedEvent, by = signer): Promise<SignedCheckpoint> {
  const statement = {
    kind: 'chain-checkpoint' as const,
    version: 1 as const,
    chainId,
    seq: event.seq,
    hash: event.hash,
    at: '2026-11-30T09:00:00.000Z',
    keyId: by.keyId,
  };
  return { statement, signature: await by.sign(statementBytes(statement)) };
}

/** Edits one event's data and re-hashes it and every later event: every link still holds. */
function rehashedAfterEdit(events: ChainedEvent[], index: number): { events: ChainedEvent[]; head: ChainHead } {
  const copy = structuredClone(events);
  (copy[index] as ChainedEvent).data = { ...(copy[index] as ChainedEvent).data, edited: true };
  let prevHash = index === 0 ? emptyHead.hash : (copy[index - 1] as ChainedEvent).hash;
  for (const event of copy.slice(index)) {
    const { prevHash: _previous, hash: _hash, ...content } = event;
    event.prevHash = prevHash;
    event.hash = hashEvent(content, prevHash);
    prevHash = event.hash;
  }
  const last = copy.at(-1) as ChainedEvent;
  return { events: copy, head: { seq: last.seq, hash: last.hash } };
}

describe('verifyChainEvidence', () => {
  it('holds for an untouched chain and says how far its checkpoints reach', async () => {
    const { events, head } = chainOf(6);
    const checkpoints = [await checkpoint(events[1] as ChainedEvent), await checkpoint(events[3] as ChainedEvent)];
    expect(verifyChainEvidence({ chainId, events, head, checkpoints }, publicKey)).toEqual({
      intact: true,
      length: 6,
      checkpointedThrough: 4,
    });
  });

  it('finds any edit re-hashed to the end, at the first checkpoint that covers it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 12 }).chain((length) =>
          fc.record({
            length: fc.constant(length),
            edited: fc.integer({ min: 0, max: length - 1 }),
            signedAt: fc.uniqueArray(fc.integer({ min: 0, max: length - 1 }), { minLength: 1, maxLength: 4 }),
          }),
        ),
        async ({ length, edited, signedAt }) => {
          const original = chainOf(length);
          const checkpoints = await Promise.all(
            [...signedAt].sort((a, b) => a - b).map((index) => checkpoint(original.events[index] as ChainedEvent)),
          );
          const tampered = rehashedAfterEdit(original.events, edited);
          const verdict = verifyChainEvidence({ chainId, ...tampered, checkpoints }, publicKey);
          const covering = checkpoints.find((entry) => entry.statement.seq >= edited + 1);
          if (covering) {
            expect(verdict).toEqual({ intact: false, brokenAt: covering.statement.seq, reason: 'checkpoint_mismatch' });
          } else {
            // Events after the newest checkpoint are not signed yet: only their links protect them.
            expect(verdict.intact).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports a checkpoint another key signed, one of another chain, and one replayed out of order', async () => {
    const { events, head } = chainOf(5);
    const first = await checkpoint(events[1] as ChainedEvent);
    const second = await checkpoint(events[3] as ChainedEvent);
    const verify = (checkpoints: SignedCheckpoint[]) =>
      verifyChainEvidence({ chainId, events, head, checkpoints }, publicKey);

    expect(verify([first, await checkpoint(events[3] as ChainedEvent, stranger)])).toEqual({
      intact: false,
      brokenAt: 4,
      reason: 'checkpoint_signature_invalid',
    });
    expect(verify([first, second, first])).toEqual({ intact: false, brokenAt: 2, reason: 'checkpoint_out_of_order' });
    const elsewhere = { ...first.statement, chainId: 'CASE#dsp_1' };
    expect(verify([{ statement: elsewhere, signature: await signer.sign(statementBytes(elsewhere)) }])).toEqual({
      intact: false,
      brokenAt: 2,
      reason: 'checkpoint_out_of_order',
    });
  });

  it('reports a chain cut back below a signed head, and a gap before a link break', async () => {
    const { events } = chainOf(5);
    const signed = [await checkpoint(events[4] as ChainedEvent)];
    const cut = events.slice(0, 3);
    const cutHead = { seq: 3, hash: (cut[2] as ChainedEvent).hash };
    expect(verifyChainEvidence({ chainId, events: cut, head: cutHead, checkpoints: signed }, publicKey)).toEqual({
      intact: false,
      brokenAt: 5,
      reason: 'checkpoint_beyond_chain',
    });
    const gapped = [events[0], events[2], events[3], events[4]] as ChainedEvent[];
    const head = { seq: 5, hash: (events[4] as ChainedEvent).hash };
    expect(verifyChainEvidence({ chainId, events: gapped, head, checkpoints: signed }, publicKey)).toEqual({
      intact: false,
      brokenAt: 2,
      reason: 'sequence_gap',
    });
  });
});
