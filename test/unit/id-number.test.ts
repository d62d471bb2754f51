import { describe, expect, it } from 'vitest';
import { residentIdCheckCharacter, residentIdProblem } from '../../shared/domain/id-number';

describe('resident ID numbers (GB 11643)', () => {
  it('computes the check character of the standard’s own example and of an X', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44030119900101123')).toBe('4');
  });

  it('accepts a number whose check character and birth date are right, in any spacing or case', () => {
    expect(residentIdProblem('11010519491231002X')).toBeUndefined();
    expect(residentIdProblem('110105 19491231 002x')).toBeUndefined();
    expect(residentIdProblem('440301199001011234')).toBeUndefined();
  });

  it('names a mistyped digit and an impossible birth date', () => {
    expect(residentIdProblem('440301199001011235')).toMatch(/check character/);
    // One digit swapped with its neighbour: the weights catch it.
    expect(residentIdProblem('440310199001011234')).toMatch(/check character/);
    expect(residentIdProblem('440301199002301234')).toMatch(/birth date 19900230/);
  });

  it('judges only numbers shaped as resident IDs', () => {
    expect(residentIdProblem('91440300MA5ABCDE1X')).toBeUndefined();
    expect(residentIdProblem('E12345678')).toBeUndefined();
  });

  it('every single-digit error of a valid number is caught', () => {
    const valid = '440301199001011234';
    for (let position = 0; position < 17; position++) {
      for (const digit of '0123456789') {
        if (digit === valid[position]) continue;
        const typo = valid.slice(0, position) + digit + valid.slice(position + 1);
        expect(residentIdProblem(typo), typo).toBeDefined();
      }
    }
  });
});
