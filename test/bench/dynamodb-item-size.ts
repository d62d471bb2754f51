import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB item sizes and capacity units by AWS's documented rules ("DynamoDB item sizes and
 * formats", "Read/write capacity mode"):
 * - string: UTF-8 bytes; binary: raw bytes; number: 1 byte per two significant digits + 1;
 *   boolean and null: 1 byte;
 * - list and map: 3 bytes of overhead + 1 byte per element + the elements' sizes (a map's keys count
 *   as attribute names); sets: the sum of their elements;
 * - every attribute also costs the UTF-8 bytes of its name;
 * - 1 WCU writes up to 1 KB, 1 RCU reads up to 4 KB strongly consistent; transactional reads and
 *   writes cost twice that; each item is rounded up on its own. A read of an absent item still costs
 *   the minimum unit.
 */

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

export function itemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8(name) + valueSize(value);
  return size;
}

export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M !== undefined) {
    return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0);
  }
  throw new Error(`unknown attribute value type: ${Object.keys(value).join(',')}`);
}

/** 1 byte per two significant digits (leading and trailing zeros trimmed) + 1 byte. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** Standard writes: 1 WCU per KB, rounded up per item. Transactional writes: twice that. */
export function writeUnits(bytes: number, transactional: boolean): number {
  return Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
}

/** Strongly consistent reads: 1 RCU per 4 KB, rounded up per item (eventually consistent: half). */
export function readUnits(bytes: number, consistent: boolean): number {
  return Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
}
