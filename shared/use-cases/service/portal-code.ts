import { RuleViolation } from '../../domain/errors';
import { freshCode, hashCode } from '../../domain/mediation/invitation';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { ServiceAttempt } from '../../domain/service/recipient';
import { recipientChainId } from '../../domain/service/service-chains';
import { composeFreshPortalCode } from '../../domain/service/service-messages';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { RequestMessage } from '../../ports/message-requests';
import type { SendAllowances } from '../../ports/send-allowances';
import type { StateStore } from '../../ports/state-store';
import { attemptByToken } from './attempt-by-token';
import { recipientChange } from './recipient-change';

/** The last 4 digits of the person's ID number, from its masked form, when the platform knows it. */
export async function idDigitsOf(store: StateStore, personHash: string): Promise<string | undefined> {
  const person = await store.people.person(personHash);
  const tail = person?.value.idMasked.slice(-4);
  if (tail === undefined) return undefined;
  return /^[0-9Xx]{4}$/.test(tail) ? tail.toUpperCase() : undefined;
}

export const portalCodeSentType = 'service.portal_code_sent';

/**
 * The addressee of a service message asks for a fresh portal code (POST /r/{token}/code): it is
 * sent only to the address the attempt's message went to, on the same channel, never to one the
 * asker names. The old code stops working (so do sessions opened with it), and the code's wrong
 * tries start again: however many wrong tries others made, the addressee can always get in. Within
 * the addressee's own allowance (`takeOwnCodeSend`); over it, 429 and nothing is sent.
 *
 * The message goes through the message pipeline (a `pending` message and `message.requested`),
 * signed 【issuer】 with the attempt's reference, checkable at /verify. It is not a service
 * attempt: the attempt keeps its message, and the recipient's service status does not change.
 */
export async function sendFreshPortalCode(
  deps: { store: StateStore; ids: Ids; clock: Clock; requestMessage: RequestMessage; publicBaseUrl: string } & {
    sendAllowances: SendAllowances;
  },
  token: string,
  /** Who asks: its source address (the limit is per asker, so a copy of the link spends only its own). */
  client: string,
): Promise<{ channel: 'sms' | 'email' }> {
  const found = await attemptByToken(deps.store, token);
  if (deps.clock.now().toISOString() >= found.attempt.portalExpiresAt) {
    throw new RuleViolation('link_expired', 'this link has expired; the court can serve the document again');
  }
  const address = { channel: found.attempt.channel, to: found.attempt.address };
  await deps.sendAllowances.takeOwnCodeSend(address, { link: found.attempt.tokenHash, client });
  return retryOnConflict(async () => {
    const { loaded, attempt, service } = await attemptByToken(deps.store, token);
    const {
      issuer,
      document: { title },
    } = service;
    const code = freshCode();
    const recipientId = loaded.value.recipientId;
    const actor = { role: 'party' as const, subjectId: `recipient:${recipientId}` };
    const message = deps.requestMessage({
      chainId: recipientChainId(loaded.value.serviceId, recipientId),
      purpose: 'service_code',
      content: composeFreshPortalCode({
        ...address,
        issuer,
        title,
        code,
        reference: attempt.reference,
        publicBaseUrl: deps.publicBaseUrl,
        ...(service.language ? { language: service.language } : {}),
      }),
      actor,
      secrets: [code],
    });
    const { lockedUntil: _lifted, ...open } = attempt;
    const renewed: ServiceAttempt = { ...open, codeHash: hashCode(token, code), failedProofs: 0 };
    const next = {
      ...loaded.value,
      attempts: loaded.value.attempts.map((a) => (a.attemptNo === attempt.attemptNo ? renewed : a)),
    };
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, portalCodeSentType, {
        data: { attemptNo: attempt.attemptNo, messageId: message.messageId, channel: address.channel },
        actor,
        writes: [message.write],
        outbox: [message.outbox],
      }),
    );
    return { channel: address.channel };
  });
}
