import { describe, expect, it } from 'vitest';
import { checkEmail, normalizeEmail } from '../../shared/domain/contacts/contact-normalization';

describe('normalizeEmail', () => {
  it.each([
    ['Zhang.San@Example.COM', 'Zhang.San@example.com'],
    ['  a@b.cn ', 'a@b.cn'],
    ["o'brien+tag@example.org", "o'brien+tag@example.org"],
    ['!#$%&*+/=?^_`{|}~-@example.com', '!#$%&*+/=?^_`{|}~-@example.com'],
    ['user@例子.中国', 'user@xn--fsqu00a.xn--fiqs8s'],
    ['user@mail.example.xn--fiqs8s', 'user@mail.example.xn--fiqs8s'],
  ])('accepts the plain address %s as %s', (given, normalized) => {
    expect(normalizeEmail(given)).toBe(normalized);
  });

  it.each([
    ['"quoted"@example.com', 'local_part'],
    ['"a b"@example.com', 'local_part'],
    ['<user>@example.com', 'local_part'],
    ['Zhang San <zs@example.com>', 'local_part'],
    ['user<@example.com', 'local_part'],
    ['user(comment)@example.com', 'local_part'],
    ['.user@example.com', 'local_part'],
    ['user.@example.com', 'local_part'],
    ['us..er@example.com', 'local_part'],
    ['a@b@example.com', 'local_part'],
    ['张三@example.com', 'local_part'],
    [`${'a'.repeat(65)}@example.com`, 'local_part'],
    ['user@localhost', 'domain'],
    ['user@1.2.3.4', 'domain'],
    ['user@[127.0.0.1]', 'domain'],
    ['user@example.com:25', 'domain'],
    ['user@example.com/path', 'domain'],
    ['user@ex%61mple.com', 'domain'],
    ['user@-bad-.com', 'domain'],
    ['user@example..com', 'domain'],
    ['user@example.com.', 'domain'],
    ['user@example.c0m', 'domain'],
    ['plainaddress', 'not_an_address'],
    ['@example.com', 'not_an_address'],
    ['user@', 'not_an_address'],
    [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`, 'too_long'],
  ])('refuses %s (%s)', (given, problem) => {
    expect(normalizeEmail(given)).toBeUndefined();
    expect(checkEmail(given)).toEqual({ ok: false, problem });
  });
});
