import { randomBytes } from 'node:crypto';
import type { Ids } from '../../ports/ids';

/** 128 random bits, base64url: unguessable, so an id in a link grants nothing by being guessed. */
export const randomIds: Ids = {
  next: (prefix) => `${prefix}_${randomBytes(16).toString('base64url')}`,
};
