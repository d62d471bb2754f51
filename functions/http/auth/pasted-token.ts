import { createHash } from 'node:crypto';
import type { SignInSettings } from './sign-in-settings';

/*
 * The staff pages' pasted-token sessions (the inbox's and the service centre's own cookie holding a
 * bearer token, `npm run token`'s or one copied from the API). Deleting that cookie at sign-out does
 * nothing to a copy of it, nor to the token pasted again, while the token is still valid. Signing out
 * records the token, by hash, as an ended session (the same `EndedSessions` the sealed sessions use),
 * and the pages refuse it from then on: in a copy of the cookie or pasted again at the sign-in form.
 */

/** The ended-session id of a pasted token: its SHA-256, so the table never holds a usable token. */
export function pastedTokenSessionId(token: string): string {
  return `pasted.${createHash('sha256').update(token).digest('base64url')}`;
}

/** Whether the token was signed out of the staff pages (false when the platform keeps no ended sessions). */
export async function pastedTokenEnded(settings: SignInSettings | undefined, token: string): Promise<boolean> {
  return (await settings?.endedSessions?.ended(pastedTokenSessionId(token))) ?? false;
}

/**
 * Records the token as signed out, until it expires (its `exp`), and at least as long as the page's
 * cookie could have lasted (`cookieSeconds`).
 */
export async function endPastedToken(
  settings: SignInSettings | undefined,
  token: string,
  cookieSeconds: number,
): Promise<void> {
  if (!settings?.endedSessions) return;
  const now = Math.floor(Date.now() / 1000);
  const until = Math.max(expiryOf(token) ?? 0, now + cookieSeconds);
  await settings.endedSessions.end(pastedTokenSessionId(token), until);
}

/** The token's `exp` claim, read without verifying (only to know how long to remember it). */
function expiryOf(token: string): number | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const exp = typeof payload === 'object' && payload !== null ? (payload as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? Math.min(exp, 4_102_444_800) : undefined;
  } catch {
    return undefined;
  }
}
