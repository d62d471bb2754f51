import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * A respondent's invitation: an unguessable link token and a short code sent in the same message.
 * Joining needs both, plus the last digits of the party's ID number, so a forwarded or intercepted
 * link alone lets nobody in. Only hashes are stored. Wrong tries are limited per client (five per
 * link in 15 minutes, use-cases/people/allowances.ts) and per code: twenty wrong tries in all lock
 * the link until its addressee asks for a fresh code, sent to the same address. A new invitation
 * revokes the previous one.
 */
export const invitationValidDays = 30;
export const maxFailedAttempts = 5;
export const lockMinutes = 15;
export const idDigitsToProve = 4;
/** Wrong tries of one code, from every client together, after which only a fresh code opens the link. */
export const maxFailedPerCode = 20;

export interface Invitation {
  disputeId: string;
  partyId: string;
  codeHash: string;
  expiresAt: string;
  failedAttempts: number;
  lockedUntil?: string;
  usedAt?: string;
  /** When a newer invitation (or signing link) replaced this one: it opens nothing since. */
  revokedAt?: string;
}

/**
 * Link tokens (invitations, signing links, portal links) are 17 base62 characters, each drawn
 * uniformly: 17 × log2(62) ≈ 101 bits, above the 96 a link in a message must carry, and short
 * enough for the link to fit an SMS of two segments (domain/messages/sms-texts.ts). Base62 so no
 * `-` or `_` ends a link that a phone's link detection would cut. Links are looked up by the
 * token's hash, so the 32-character tokens sent before stay valid until they expire.
 */
export const linkTokenLength = 17;
const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newLinkToken(): string {
  let token = '';
  for (let index = 0; index < linkTokenLength; index++) token += base62[randomInt(base62.length)];
  return token;
}

export function newInvitationSecret(): { token: string; tokenHash: string; code: string } {
  const token = newLinkToken();
  return { token, tokenHash: hashToken(token), code: freshCode() };
}

/** A six-digit code, uniformly drawn. */
export function freshCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
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
  | { ok: false; reason: 'expired' | 'used' | 'revoked' | 'locked' | 'wrong_proof'; lockedUntil?: string };

/** Decides one attempt to join; the caller records the outcome (failed attempts, lock, use). */
export function checkInvitation(
  invitation: Invitation,
  proof: { codeHash: string; idDigitsMatch: boolean },
  now: Date,
): InvitationCheck {
  if (invitation.usedAt) return { ok: false, reason: 'used' };
  if (invitation.revokedAt) return { ok: false, reason: 'revoked' };
  if (now.toISOString() >= invitation.expiresAt) return { ok: false, reason: 'expired' };
  if (invitation.lockedUntil && now.toISOString() < invitation.lockedUntil) {
    return { ok: false, reason: 'locked', lockedUntil: invitation.lockedUntil };
  }
  const codeOk = sameSecret(invitation.codeHash, proof.codeHash);
  return codeOk && proof.idDigitsMatch ? { ok: true } : { ok: false, reason: 'wrong_proof' };
}

/**
 * The invitation after a wrong try: counted, and at the twentieth wrong try of this code locked
 * until the code expires, unless its addressee asks for a fresh one (`withFreshCode`).
 */
export function afterFailedAttempt<T extends Invitation>(invitation: T, now: Date): T {
  const expiredLock = invitation.lockedUntil !== undefined && now.toISOString() >= invitation.lockedUntil;
  const failedAttempts = (expiredLock ? 0 : invitation.failedAttempts) + 1;
  if (failedAttempts >= maxFailedPerCode) {
    return { ...invitation, failedAttempts, lockedUntil: invitation.expiresAt };
  }
  return { ...invitation, failedAttempts };
}

/** A fresh code for the same link: the old code stops working and the count starts again. */
export function withFreshCode<T extends Invitation>(invitation: T, codeHash: string): T {
  const { lockedUntil: _lifted, ...rest } = invitation;
  return { ...rest, codeHash, failedAttempts: 0 } as T;
}
