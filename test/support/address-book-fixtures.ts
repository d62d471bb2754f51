/** The address book's options for numbers written without a country code: mainland China's. */
export const cn = { defaultRegion: 'CN' };

/** Address ids a merge hands out in order (`addr_1`, `addr_2`, …), so a test can name them. */
export function sequentialIds(): () => string {
  let n = 0;
  return () => `addr_${++n}`;
}
