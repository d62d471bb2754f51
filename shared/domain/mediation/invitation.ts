import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * A respondent's invitation: an unguessable link token and a short code sent in the same message.
 * Joining needs both, plus the last digits of the party's ID number, so a forwarded or intercepted
 * link alone lets nobody in. Only hashes are stored; five wrong tries lock the link for 15 minutes.
 */
export const invitationValidDays = 30;
export const maxFailedAttempts = 5;
export const lockMinutes = 15;
export const idDigitsToProve = 4;

export interface Invitation {
  disputeId: string;
  partyId: string;
  codeHash: string;
  expiresAt: string;
  failedAttempts: number;
  lockedUntil?: string;
  usedAt?: string;
}

export function newInvitationSecret(): { token: string; tokenHash: string; code: string } {
  const token = randomBytes(24).toString('base64url');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return { token, tokenHash: hashToken(token), code };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The code's hash is salted with the token, so equal codes of two invitations hash differently. */
export function hashCode(token: string, code: string): string {
  return createHash('sha256').update(`${token}:${code}`).digest('hex');
}

/** Constant-time comparison: the time taken says nothing about how much of the code was right. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export type InvitationCheck =
  | { ok: true }
  | { ok: false; reason: 'expired' | 'used' | 'locked' | 'wrong_proof'; lockedUntil?: string };

/** Decides one attempt to join; the caller records the outcome (failed attempts, lock, use). */
export function checkInvitation(
  invitation: Invitation,
  proof: { codeHash: string; idDigitsMatch: boolean },
  now: Date,
): InvitationCheck {
  if (invitation.usedAt) return { ok: false, reason: 'used' };
  if (now.toISOString() >= invitation.expiresAt) return { ok: false, reason: 'expired' };
  if (invitation.lockedUntil && now.toISOString() < invitation.lockedUntil) {
    return { ok: false, reason: 'locked', lockedUntil: invitation.lockedUntil };
  }
  const codeOk = sameSecret(invitation.codeHash, proof.codeHash);
  return codeOk && proof.idDigitsMatch ? { ok: true } : { ok: false, reason: 'wrong_proof' };
}

/** The invitation after a wrong try: counted, and locked for 15 minutes at the fifth. */
export function afterFailedAttempt(invitation: Invitation, now: Date): Invitation {
  const failedAttempts =
    (invitation.lockedUntil && now.toISOString() >= invitation.lockedUntil ? 0 : invitation.failedAttempts) + 1;
  if (failedAttempts >= maxFailedAttempts) {
    return {
      ...invitation,
      failedAttempts: 0,
      lockedUntil: new Date(now.getTime() + lockMinutes * 60_000).toISOString(),
    };
  }
  return { ...invitation, failedAttempts };
}
