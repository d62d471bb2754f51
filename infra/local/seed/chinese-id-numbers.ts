import { between, type Random } from './seeded-random';

/**
 * Well-formed (check digits and all) but invented identity numbers for demo parties: a resident
 * identity card number (GB 11643) and a unified social credit code (GB 32100). The division code
 * says where they were issued, so demo people and companies come from the demo's regions.
 */

const residentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export function residentIdNumber(random: Random, divisionCode: string): string {
  const birth = new Date(Date.UTC(between(random, 1960, 2003), between(random, 0, 11), between(random, 1, 28)));
  const body = `${divisionCode}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(between(random, 1, 999)).padStart(3, '0')}`;
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (residentWeights[index] ?? 0), 0);
  return `${body}${'10X98765432'[sum % 11]}`;
}

const creditCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const organizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

/** `91` (a company registered with market regulation) + division + organization code + check character. */
export function unifiedSocialCreditCode(random: Random, divisionCode: string): string {
  const organization = Array.from({ length: 8 }, () => between(random, 0, 9));
  const organizationCheck =
    11 - (organization.reduce((total, digit, index) => total + digit * (organizationCodeWeights[index] ?? 0), 0) % 11);
  const body = `91${divisionCode}${organization.join('')}${organizationCheck === 10 ? 'X' : organizationCheck % 11}`;
  const sum = [...body].reduce(
    (total, char, index) => total + creditCharset.indexOf(char) * (creditWeights[index] ?? 0),
    0,
  );
  return `${body}${creditCharset[(31 - (sum % 31)) % 31]}`;
}
