import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"z":1}]},"b":1}',
    );
  });

  it('gives the same text for equal objects built in different orders', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('refuses numbers JSON cannot represent', () => {
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow(TypeError);
  });
});
