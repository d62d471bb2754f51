/**
 * ID numbers (resident ID, passport, unified social credit code) are compared after this
 * normalization, so that `440308199001011234` and ` 440308199001011234 ` or a lower-case `x`
 * find the same person.
 */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.replace(/[\s-]/g, '').toUpperCase();
}
