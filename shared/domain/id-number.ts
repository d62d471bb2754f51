/**
 * ID numbers (resident ID, passport, unified social credit code) are compared after this
 * normalization, so that `440301199001011234` and ` 440301199001011234 ` or a lower-case `x`
 * find the same person.
 */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.replace(/[\s-]/g, '').toUpperCase();
}

/** GB 11643: the weights of the first 17 characters, and the check character for each sum mod 11. */
const checkWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

/** The check character GB 11643 gives the first 17 digits of a resident ID number. */
export function residentIdCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * (checkWeights[index] ?? 0), 0);
  return checkCharacters[sum % 11] as string;
}

/**
 * Why a resident ID number (18 characters: a 6-digit region, an 8-digit birth date, a 3-digit
 * sequence and the check character of GB 11643) is not one, or undefined when it is. Only numbers
 * shaped as resident IDs are judged; passports and credit codes have other rules.
 */
export function residentIdProblem(idNumber: string): string | undefined {
  const id = normalizeIdNumber(idNumber);
  if (!/^\d{17}[\dX]$/.test(id)) return undefined;
  const birth = id.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replaceAll('-', '') !== birth) {
    return `the birth date ${birth} in the resident ID number is not a date`;
  }
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) {
    return 'the check character of the resident ID number is wrong (GB 11643): a digit is mistyped';
  }
  return undefined;
}

/** GB 32100: the unified social credit code's 31 characters (no I, O, S, V, Z) and the weights of its first 17. */
const creditCodeCharacters = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Whether this is a unified social credit code (GB 32100): 18 characters of its alphabet, the check character right. */
export function isCreditCode(idNumber: string): boolean {
  const id = normalizeIdNumber(idNumber);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(id)) return false;
  const sum = [...id.slice(0, 17)].reduce(
    (total, character, index) => total + creditCodeCharacters.indexOf(character) * (creditCodeWeights[index] ?? 0),
    0,
  );
  return creditCodeCharacters[(31 - (sum % 31)) % 31] === id[17];
}

/**
 * Whether a party filed as a company is named by a person's resident ID number (a valid GB 11643
 * number that is no credit code): the carrier cannot check a company, so such a party could never
 * verify its identity, consent to electronic service or be served. The filer chose the wrong kind.
 */
export function companyNamedByResidentId(idNumber: string): boolean {
  const id = normalizeIdNumber(idNumber);
  return /^\d{17}[\dX]$/.test(id) && residentIdProblem(id) === undefined && !isCreditCode(id);
}
