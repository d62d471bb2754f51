import { describe, expect, it } from 'vitest';
import { DuplicateJsonKey, parseStrictJson } from '../../shared/domain/strict-json';

describe('parseStrictJson', () => {
  it('reads JSON as JSON.parse does when no object names a member twice', () => {
    const text = '{"a":1,"b":[{"a":2},{"a":"x,\\"}{"}],"c":{"d":null,"e":"\\\\"}}';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    expect(parseStrictJson('[1,"a",{"k":{"k":{"k":1}}}]')).toEqual([1, 'a', { k: { k: { k: 1 } } }]);
  });

  it('refuses an object that names a member twice, at any depth, naming where', () => {
    expect(() => parseStrictJson('{"status":"served","status":"unserved"}')).toThrow(DuplicateJsonKey);
    expect(() => parseStrictJson('{"recipients":[{"a":1},{"id":1,"b":2,"id":2}]}')).toThrow(
      'duplicate member $.recipients[1].id',
    );
    // The same key written two ways is the same member.
    expect(() => parseStrictJson('{"a":1,"\\u0061":2}')).toThrow(DuplicateJsonKey);
  });

  it('allows the same key in sibling objects and in strings, and still refuses what is not JSON', () => {
    expect(parseStrictJson('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseStrictJson('{"a":"\\"a\\":1","b":"{\\"a\\":2}"}')).toEqual({ a: '"a":1', b: '{"a":2}' });
    expect(() => parseStrictJson('{"a":1,}')).toThrow(SyntaxError);
  });
});
