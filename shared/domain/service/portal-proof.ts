import { maxFailedPerCode } from '../mediation/invitation';
import type { ServiceAttempt } from './recipient';

/**
 * The portal's rule for wrong proofs (DESIGN.md, Messages to people), as join and signing links
 * have it: tries are limited per client first (`takeCodeTry`, so whoever holds a link cannot lock
 * its owner out), and a code closes after twenty wrong tries from all clients together, until the
 * addressee asks for a fresh one (`sendFreshPortalCode`). A lock from the former 15-minute rule
 * that has passed starts a new count.
 */
export function afterWrongProof(attempt: ServiceAttempt, now: Date): ServiceAttempt {
  const expiredLock = attempt.lockedUntil !== undefined && now.toISOString() >= attempt.lockedUntil;
  const failedProofs = (expiredLock ? 0 : attempt.failedProofs) + 1;
  const { lockedUntil: _passed, ...rest } = attempt;
  if (failedProofs >= maxFailedPerCode) return { ...rest, failedProofs, lockedUntil: attempt.portalExpiresAt };
  return { ...rest, failedProofs };
}

/** Tries left on the current code after `attempt`'s count. */
export function proofTriesLeft(attempt: ServiceAttempt): number {
  return attempt.lockedUntil ? 0 : Math.max(0, maxFailedPerCode - attempt.failedProofs);
}
