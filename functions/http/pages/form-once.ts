import { randomBytes } from 'node:crypto';
import type { IdempotencyStore } from '../../../shared/ports/idempotency-store';

/*
 * A form that creates something is done once per showing of the form. The page mints a key when
 * it shows the form (a hidden field); the post claims that key in the API's idempotency store, so
 * a double click, a retry after a lost answer or a reload of the answer leads to what the first
 * post created instead of creating it twice. A post refused with nothing written releases the key,
 * so the corrected form can be sent again.
 */

const formKeyShape = /^[A-Za-z0-9_-]{43}$/;

/** The hidden field's name. */
export const formKeyField = 'formKey';

/** The key a posted form carries, when it is one this platform minted (43 base64url characters). */
export function postedFormKey(values: Record<string, string | undefined>): string | undefined {
  const key = values[formKeyField];
  return key !== undefined && formKeyShape.test(key) ? key : undefined;
}

/** The key to show the form with: the posted one again (a refused form shown back), else a new one. */
export function formKeyFor(values: Record<string, string | undefined>): string {
  return postedFormKey(values) ?? randomBytes(32).toString('base64url');
}

export type FormOnce = { outcome: 'done'; location: string } | { outcome: 'in_progress' };

/**
 * Runs `work` (which answers where the created thing is shown) once for `formKey` in `scope` (the
 * signed-in person). A repeat of a completed post gets the first answer's location; a repeat while
 * the first is still running is `in_progress`. If `work` throws, the key is released and the error
 * passes on: the work writes in one transaction, so nothing of it is left.
 */
export async function oncePerFormKey(
  store: IdempotencyStore,
  scope: string,
  purpose: string,
  formKey: string,
  work: () => Promise<string>,
): Promise<FormOnce> {
  const key = `${purpose}:${formKey}`;
  const claim = await store.claim(scope, key, purpose);
  if (claim.outcome === 'replay') return { outcome: 'done', location: claim.response.body };
  if (claim.outcome !== 'claimed') return { outcome: 'in_progress' };
  let location: string;
  try {
    location = await store.guard(scope, key, claim.run, work);
  } catch (error) {
    await store.release(scope, key, claim.run);
    throw error;
  }
  await store.complete(scope, key, claim.run, { status: 303, body: location, contentType: 'text/plain' });
  return { outcome: 'done', location };
}
