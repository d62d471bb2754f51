import { describe, expect, it } from 'vitest';
import { maskingReplacer } from '../../shared/adapters/logging/logger';
import { maskEmail, maskIdNumber, maskPhone } from '../../shared/domain/masking';
import { maskPersonalDataInText } from '../../shared/domain/personal-data-patterns';

describe('masking', () => {
  it('keeps the first six and last four characters of a resident ID number', () => {
    expect(maskIdNumber('440308199001011234')).toBe('440308********1234');
  });

  it('keeps the network prefix and last four digits of a phone number', () => {
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps the first letter and domain of an email address', () => {
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
  });
});

describe('maskPersonalDataInText', () => {
  it('masks every phone, email and ID number inside free text', () => {
    const text = 'send to +8613812345678 and 13912345678, cc li@court.example, party 44030819900101123X';
    const masked = maskPersonalDataInText(text);
    expect(masked).not.toMatch(/13812345678|13912345678|li@court|19900101123X/);
    expect(masked).toContain('+86138****5678');
    expect(masked).toContain('l***@court.example');
    expect(masked).toContain('440308********123X');
  });

  it('leaves text without personal data alone', () => {
    expect(maskPersonalDataInText('offer obx_123 expired after 24 hours')).toBe('offer obx_123 expired after 24 hours');
  });
});

describe('maskingReplacer', () => {
  it('redacts secrets and contents by key and masks strings elsewhere', () => {
    const record = {
      verificationCode: '123456',
      taskToken: 'abc',
      content: 'the ruling text',
      to: '+8613812345678',
      nested: { note: 'reach me at a@b.example' },
    };
    const line = JSON.stringify(record, maskingReplacer);
    expect(JSON.parse(line)).toEqual({
      verificationCode: '[redacted]',
      taskToken: '[redacted]',
      content: '[redacted]',
      to: '+86138****5678',
      nested: { note: 'reach me at a***@b.example' },
    });
  });
});
