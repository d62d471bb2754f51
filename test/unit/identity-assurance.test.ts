import { describe, expect, it } from 'vitest';
import {
  carrierCheckable,
  type IdentityAssurance,
  idKindOf,
  strongestAssurance,
} from '../../shared/domain/identity/identity-assurance';

describe('idKindOf', () => {
  it('takes a company’s number for its unified social credit code, whatever its shape', () => {
    expect(idKindOf('company', '91440300MA5ABCDE1X')).toBe('company_credit_code');
    expect(idKindOf('company', '440305198512120017')).toBe('company_credit_code');
  });

  it('recognises a person’s resident ID, travel permits, and takes anything else for a passport', () => {
    expect(idKindOf('person', '440305198512120017')).toBe('resident_id');
    expect(idKindOf('person', '11010519491231002X')).toBe('resident_id');
    expect(idKindOf('person', 'H12345678')).toBe('travel_permit');
    expect(idKindOf('person', 'M1234567890')).toBe('travel_permit');
    expect(idKindOf('person', '12345678')).toBe('travel_permit');
    expect(idKindOf('person', 'E12345678')).toBe('passport');
    expect(idKindOf('person', 'X1234567')).toBe('passport');
  });
});

describe('carrierCheckable', () => {
  it('lets carriers check resident IDs only', () => {
    expect(carrierCheckable('resident_id')).toBe(true);
    for (const kind of ['passport', 'travel_permit', 'company_credit_code'] as const) {
      expect(carrierCheckable(kind)).toBe(false);
    }
  });
});

describe('strongestAssurance', () => {
  const carrier: IdentityAssurance = { level: 'carrier_3f', checkedAt: '2026-11-30T01:00:00.000Z' };
  const document: IdentityAssurance = {
    level: 'operator_document',
    checkedAt: '2026-11-29T01:00:00.000Z',
    documentKind: 'passport',
    documentId: 'scan-1',
    documentSha256: 'a'.repeat(64),
    checkedBy: 'op-1',
  };

  it('prefers a recorded document check to a carrier answer, and takes either when alone', () => {
    expect(strongestAssurance(document, carrier)).toBe(document);
    expect(strongestAssurance(undefined, carrier)).toBe(carrier);
    expect(strongestAssurance(document, undefined)).toBe(document);
    expect(strongestAssurance(undefined, undefined)).toBeUndefined();
  });
});
