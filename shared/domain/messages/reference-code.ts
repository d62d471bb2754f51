import { randomInt } from 'node:crypto';

/**
 * Reference codes printed in messages, which anyone checks at /verify: a two-letter prefix (`SD`
 * for a service attempt, `MS` for other messages) and 10 characters of an alphabet without
 * look-alikes (no 0/O, 1/I/L): about 50 bits, so a guess finds nothing.
 */
const referenceAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export type ReferencePrefix = 'SD' | 'MS';

export function newReferenceCode(prefix: ReferencePrefix): string {
  let code: string = prefix;
  for (let index = 0; index < 10; index++) code += referenceAlphabet[randomInt(referenceAlphabet.length)];
  return code;
}
