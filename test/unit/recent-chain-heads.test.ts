import { describe, expect, it } from 'vitest';
import { RecentChainHeads } from '../../shared/adapters/dynamodb/recent-chain-heads';

describe('RecentChainHeads', () => {
  const head = (seq: number) => ({ seq, hash: `h${seq}` });

  it('guesses the head written last for a chain of a table, and nothing for another table or chain', () => {
    const heads = new RecentChainHeads();
    heads.remember('t', 'CASE#a', head(1));
    heads.remember('t', 'CASE#a', head(2));
    expect(heads.guess('t', 'CASE#a')).toEqual(head(2));
    expect(heads.guess('other', 'CASE#a')).toBeUndefined();
    expect(heads.guess('t', 'CASE#b')).toBeUndefined();
  });

  it('gives no guess once it is older than maxAgeMs, or forgotten', () => {
    let now = 0;
    const heads = new RecentChainHeads({ maxEntries: 10, maxAgeMs: 100, now: () => now });
    heads.remember('t', 'a', head(1));
    heads.remember('t', 'b', head(1));
    now = 100;
    expect(heads.guess('t', 'a')).toEqual(head(1));
    heads.forget('t', 'a');
    expect(heads.guess('t', 'a')).toBeUndefined();
    now = 101;
    expect(heads.guess('t', 'b')).toBeUndefined();
  });

  it('keeps at most maxEntries chains, evicting the one written longest ago', () => {
    const heads = new RecentChainHeads({ maxEntries: 2, maxAgeMs: 1_000 });
    heads.remember('t', 'a', head(1));
    heads.remember('t', 'b', head(1));
    heads.remember('t', 'a', head(2));
    heads.remember('t', 'c', head(1));
    expect(heads.guess('t', 'b')).toBeUndefined();
    expect(heads.guess('t', 'a')).toEqual(head(2));
    expect(heads.guess('t', 'c')).toEqual(head(1));
  });
});
