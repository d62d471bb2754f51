/**
 * A person or company exists once on the platform, under the keyed look-up hash of its ID number
 * (DESIGN.md, Identity). Every feature that touches a person (filing, joining, service, courts'
 * access) reaches it through these keys, so the people folder depends on no other feature.
 */
export const personRecords = {
  key: (lookupHash: string) => ({ pk: `PERSON#${lookupHash}`, sk: 'ROOT' }),
};
