import { describe, expect, it, vi } from 'vitest';
import { createLogger, maskingReplacer } from '../../shared/adapters/logging/logger';
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

  it('masks a formatted phone number in place, never showing more than an unformatted one', () => {
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138 **** 5678');
    expect(maskPhone('1234567')).toBe('***4567');
    expect(maskPhone('12345')).toBe('*****');
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

  it.each([
    ['电话 138 1234 5678。', '电话 138 **** 5678。'],
    ['电话：138-1234-5678', '电话：138-****-5678'],
    ['tel 138.1234.5678', 'tel 138.****.5678'],
    ['call (138) 1234 5678', 'call (138) **** 5678'],
    ['+86 138 1234 5678', '+86 138 **** 5678'],
    ['+86-138-1234-5678', '+86-138-****-5678'],
    ['(+86)13812345678', '(+86)138****5678'],
    ['0086 138 1234 5678', '0086 138 **** 5678'],
    ['8613812345678', '86138****5678'],
    ['手机１３８１２３４５６７８', '手机１３８****５６７８'],
    ['手机１３８\u3000１２３４\u3000５６７８', '手机１３８\u3000****\u3000５６７８'],
    ['138\u200b1234\u200b5678', '138\u200b****\u200b5678'],
    ['１ ３ ８ １ ２ ３ ４ ５ ６ ７ ８', '１ ３ ８ * * * * ５ ６ ７ ８'],
    ['No. 5, 138 1234 5678 x2', 'No. 5, 138 **** 5678 x2'],
    ['13812345678、13912345678', '138****5678、139****5678'],
    ['座机 +86 10 8888 1234', '座机 +86 10 **** 1234'],
    ['+86 10 8888 1234 / 138 1234 5678', '+86 10 **** 1234 / 138 **** 5678'],
    ['身份证 440308 19900101 123X', '身份证 440308 ******** 123X'],
    ['身份证 4403-0819-9001-0112-34', '身份证 4403-08**-****-**12-34'],
    ['ID440308199001011234', 'ID440308********1234'],
    ['４４０３０８１９９００１０１１２３ｘ', '４４０３０８********１２３ｘ'],
    ['旧身份证 110105 710923 002', '旧身份证 110105 ****** 002'],
    ['zhang.san＠example．com', 'z***＠example．com'],
    ['li [at] court (dot) example', 'l*** [at] court (dot) example'],
    ['wang @ qq.com', 'w*** @ qq.com'],
    ['13812345678@163.com', '1***@163.com'],
  ])('masks %j as %j', (text, masked) => {
    expect(maskPersonalDataInText(text)).toBe(masked);
  });

  it('reads digits of any script, such as mathematical ones', () => {
    expect(maskPersonalDataInText('𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖')).toBe('𝟏𝟑𝟖****𝟓𝟔𝟕𝟖');
  });

  it('does not read a number out of the middle of a longer one', () => {
    expect(maskPersonalDataInText('order 2024013812345678901')).toBe('order 2024013812345678901');
    expect(maskPersonalDataInText('at 2025-03-01 08:00:00')).toBe('at 2025-03-01 08:00:00');
  });

  it('leaves text without personal data alone', () => {
    expect(maskPersonalDataInText('offer obx_123 expired after 24 hours')).toBe('offer obx_123 expired after 24 hours');
  });
});

describe('maskingReplacer', () => {
  it('masks spaced and punctuated numbers in log strings, and numbers logged as numbers', () => {
    const record = { note: '申请人电话 138-1234-5678，身份证 440308 19900101 123X', phone: 13812345678, count: 3 };
    expect(JSON.parse(JSON.stringify(record, maskingReplacer))).toEqual({
      note: '申请人电话 138-****-5678，身份证 440308 ******** 123X',
      phone: '138****5678',
      count: 3,
    });
  });

  it('is the replacer of the logger, for messages, attributes and errors', () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      createLogger('masking-test', 'INFO').info('sms to +86 138 1234 5678 failed', {
        to: '１３８ １２３４ ５６７８',
        error: new Error('carrier refused 0086-138-1234-5678'),
      });
    } finally {
      write.mockRestore();
    }
    const logged = lines.join('');
    expect(logged).toContain('+86 138 **** 5678');
    expect(logged).toContain('１３８ **** ５６７８');
    expect(logged).toContain('0086-138-****-5678');
    expect(logged).not.toMatch(/138\D{0,3}1234|１２３４/);
  });

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
