import { describe, expect, it } from 'vitest';
import {
  companyNamedByResidentId,
  isCreditCode,
  residentIdCheckCharacter,
  residentIdProblem,
} from '../../shared/domain/id-number';

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

describe('unified social credit codes (GB 32100) and a company named by a resident ID', () => {
  it('accepts a code whose check character is right and refuses one mistyped character', () => {
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
    expect(isCreditCode('91350100m000100y43')).toBe(true);
    expect(isCreditCode('91350100M000100Y44')).toBe(false);
    expect(isCreditCode('91350100M000100Y4')).toBe(false);
    // I, O, S, V and Z are not in the code's alphabet.
    expect(isCreditCode('91350100M000100YO3')).toBe(false);
  });

  it('says a company is named by a resident ID only for a valid resident ID number that is no credit code', () => {
    expect(companyNamedByResidentId('440301199001011234')).toBe(true);
    expect(companyNamedByResidentId('11010519491231002x')).toBe(true);
    // A mistyped resident ID is its own error; a credit code, a passport or a made-up code is no person's.
    expect(companyNamedByResidentId('440301199001011235')).toBe(false);
    expect(companyNamedByResidentId('91350100M000100Y43')).toBe(false);
    expect(companyNamedByResidentId('91440300MA5ABCDE1X')).toBe(false);
    expect(companyNamedByResidentId('E12345678')).toBe(false);
  });
});
