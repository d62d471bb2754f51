import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as z from 'zod';
import { NotFound, RuleViolation } from '../../domain/errors';
import { hashCode, hashToken, sameSecret } from '../../domain/mediation/invitation';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { afterWrongProof, proofTriesLeft } from '../../domain/service/portal-proof';
import type { RecipientRecord, ServiceAttempt } from '../../domain/service/recipient';
import type { SendAllowances } from '../../ports/send-allowances';
import type { PortalDeps, PortalProof } from './portal';
import { idDigitsOf } from './portal-code';
import { recipientChange } from './recipient-change';

/** How long a recipient may read, download and sign after proving who they are, before proving again. */
export const portalSessionMinutes = 30;

/** A proof that lost a race this often is answered 409, without saying whether it was right. */
const proofRaceRetries = 8;

/**
 * The portal's proof of identity, as a use case of its own (issue 4, item 5; join-dispute.ts does
 * the same for invitations): the code from the message plus, where the platform knows the person's
 * ID number, its last 4 digits, checked against hashes in constant time.
 *
 * Each try is first counted against the client it comes from (`takeCodeTry`: five per link in 15
 * minutes, twenty across links in an hour; over it that client alone gets 429), so whoever holds
 * the link cannot lock its owner out. Every try is then answered only once its outcome is recorded
 * on the recipient, conditional on the version that was read: a wrong one is counted on the code
 * (the twentieth closes the code until the addressee asks for a fresh one, `portal-code.ts`), a
 * right one records `service.portal_opened` (evidence that the recipient opened the document) and
 * a session. A try that loses the race is decided again from a fresh read, so parallel guesses are
 * all counted and none is judged against a state from before the code closed.
 *
 * The session is split between the browser and the store: the cookie holds the session id and a
 * key; the store holds the session's hash, and the proof sealed with that key (AES-256-GCM). The
 * later steps (download, sign for receipt) unseal the proof and go through the portal's own use
 * cases again with it, so they are checked exactly as the first step was. Neither the store alone
 * nor the cookie alone reveals the code.
 */
export async function openPortalSession(
  deps: PortalDeps & { sendAllowances: SendAllowances },
  token: string,
  proof: PortalProof,
  /** Who is trying (the source address): wrong tries are limited per client as well as per code. */
  client: string,
): Promise<{ cookie: string; expiresAt: string }> {
  return retryOnConflict((round) => proveOnce(deps, token, proof, client, round), proofRaceRetries);
}

/**
 * The proof a session cookie carries for this link, while the session lasts and its code is still
 * the link's code (a fresh code ends the sessions opened with the old one); otherwise nothing.
 */
export async function proofOfSession(
  deps: PortalDeps,
  token: string,
  cookie: string | undefined,
): Promise<PortalProof | undefined> {
  const parsed = cookieShape.exec(cookie ?? '');
  if (!parsed) return undefined;
  const [, sessionId, key] = parsed as unknown as [string, string, string];
  const session = await deps.store.services.portalSession(sessionId);
  if (!session) return undefined;
  if (!sameSecret(session.tokenHash, hashToken(token))) return undefined;
  if (deps.clock.now().toISOString() >= session.validUntil) return undefined;
  const proof = unseal(session.sealed, Buffer.from(key, 'base64url'));
  if (!proof) return undefined;
  const pointer = await deps.store.services.attemptOfToken(hashToken(token));
  if (!pointer) return undefined;
  const { serviceId, recipientId, attemptNo } = pointer;
  const recipient = await deps.store.services.recipient(serviceId, recipientId);
  const attempt = recipient.value.attempts.find((candidate) => candidate.attemptNo === attemptNo);
  return attempt && sameSecret(attempt.codeHash, hashCode(token, proof.code)) ? proof : undefined;
}

async function proveOnce(
  deps: PortalDeps & { sendAllowances: SendAllowances },
  token: string,
  proof: PortalProof,
  client: string,
  round: number,
): Promise<{ cookie: string; expiresAt: string }> {
  const now = deps.clock.now();
  const tokenHash = hashToken(token);
  const pointer = await deps.store.services.attemptOfToken(tokenHash);
  if (!pointer) throw new NotFound('no such link');
  const { serviceId, recipientId, attemptNo } = pointer;
  const loaded = await deps.store.services.recipient(serviceId, recipientId);
  const digits = await idDigitsOf(deps.store, loaded.value.personHash);
  const attempt = loaded.value.attempts.find((candidate) => candidate.attemptNo === attemptNo);
  if (!attempt) throw new NotFound('no such link');
  if (now.toISOString() >= attempt.portalExpiresAt) {
    throw new RuleViolation('link_expired', 'this link has expired; the court can serve the document again');
  }
  if (attempt.lockedUntil && now.toISOString() < attempt.lockedUntil) {
    throw new RuleViolation('link_locked', 'too many wrong tries of this code; ask for a fresh code', {
      details: { lockedUntil: attempt.lockedUntil },
    });
  }
  // Counted before it is judged, so parallel guesses from one client are all counted.
  if (round === 1) await deps.sendAllowances.takeCodeTry(deps.store.services.codeTriesName(tokenHash), client);
  const codeOk = sameSecret(attempt.codeHash, hashCode(token, proof.code));
  const digitsOk = digits === undefined || sameSecret(digits, (proof.idLastDigits ?? '').toUpperCase());
  const actor = { role: 'party' as const, subjectId: 'anonymous:portal' };

  if (!(codeOk && digitsOk)) {
    const updated = afterWrongProof(attempt, now);
    const next = withAttempt(loaded.value, updated);
    const locked = proofTriesLeft(updated) === 0;
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, locked ? 'service.portal_locked' : 'service.portal_proof_failed', {
        data: { attemptNo },
        actor,
      }),
    );
    throw new RuleViolation('wrong_proof', 'the code or the ID digits are not right', {
      details: {
        // What this client may still try: the link's own count, and the client's allowance on it.
        triesLeft: Math.min(
          proofTriesLeft(updated),
          await deps.sendAllowances.codeTriesLeft(deps.store.services.codeTriesName(tokenHash), client),
        ),
      },
    });
  }

  // Proved: the try is given back, only wrong guesses count against the client.
  if (round === 1) await deps.sendAllowances.returnCodeTry(deps.store.services.codeTriesName(tokenHash), client);
  const sessionId = randomBytes(24).toString('base64url');
  const key = randomBytes(32);
  const validUntil = new Date(now.getTime() + portalSessionMinutes * 60_000);
  // The unchanged recipient, written at the version read: a wrong try recorded meanwhile makes this lose.
  await deps.store.commit(
    recipientChange(deps.store, loaded, loaded.value, 'service.portal_opened', {
      data: { attemptNo },
      actor,
      writes: [
        deps.store.services.portalSessionWrite(sessionId, {
          tokenHash,
          validUntil: validUntil.toISOString(),
          sealed: seal({ code: proof.code, ...(digits ? { idLastDigits: digits } : {}) }, key),
        }),
      ],
    }),
  );
  return { cookie: `${sessionId}.${key.toString('base64url')}`, expiresAt: validUntil.toISOString() };
}

function withAttempt(recipient: RecipientRecord, updated: ServiceAttempt): RecipientRecord {
  return {
    ...recipient,
    attempts: recipient.attempts.map((attempt) => (attempt.attemptNo === updated.attemptNo ? updated : attempt)),
  };
}

const cookieShape = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/;

const proofSchema = z.object({ code: z.string(), idLastDigits: z.string().optional() });

function seal(proof: PortalProof, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(proof), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function unseal(sealed: string, key: Buffer): PortalProof | undefined {
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    const parsed = proofSchema.parse(JSON.parse(text));
    return { code: parsed.code, ...(parsed.idLastDigits ? { idLastDigits: parsed.idLastDigits } : {}) };
  } catch {
    return undefined;
  }
}
